"""Logins found live in the last AUTH_SESSION_RECHECK_SECONDS (default 1 s), per process: an API
client's burst of requests costs one query a second instead of one each. The contract allows a
logout, a password change or a deactivation to take effect within a second; in the process that
makes the change it takes effect at once (any save of a user or a login, and the revoking services,
empty this process's copy, as does any deletion). With the setting at 0 every request asks the database."""

import time

from django.conf import settings
from django.db.models.signals import post_delete, post_save


class _RecentLogins:
    """Bounded; a copy of the user per login, and per access token the token already verified (its
    signature and claims: PyJWT's decode is a good part of an API request) with its user. A token is
    still refused once its `exp` has passed, to the second."""

    MAX_ENTRIES = 2048

    def __init__(self):
        self._entries: dict = {}
        self._tokens: dict = {}

    def get_token(self, raw: bytes):
        """(user, token) for an access token verified and found live in the last second, or None."""
        entry = self._tokens.get(raw)
        if entry is None or entry[0] < time.monotonic() or entry[1] <= time.time():
            return None
        return entry[2], entry[3]

    def put_token(self, raw: bytes, token, user) -> None:
        seconds = settings.AUTH_SESSION_RECHECK_SECONDS
        exp = token.get("exp")
        if seconds <= 0 or not isinstance(exp, int | float):
            return
        if len(self._tokens) >= self.MAX_ENTRIES:
            self._tokens.clear()
        self._tokens[raw] = (time.monotonic() + seconds, exp, user, token)

    def get(self, sid, user_id):
        entry = self._entries.get((sid, user_id))
        if entry is None or entry[0] < time.monotonic():
            return None
        return entry[1]

    def put(self, sid, user_id, user) -> None:
        seconds = settings.AUTH_SESSION_RECHECK_SECONDS
        if seconds <= 0 or not sid:
            return
        if len(self._entries) >= self.MAX_ENTRIES:
            now = time.monotonic()
            self._entries = {key: entry for key, entry in self._entries.items() if entry[0] >= now}
            if len(self._entries) >= self.MAX_ENTRIES:
                self._entries.clear()
        self._entries[(sid, user_id)] = (time.monotonic() + seconds, user)

    def clear(self) -> None:
        self._entries.clear()
        self._tokens.clear()


recent_logins = _RecentLogins()


def _forget(**kwargs) -> None:
    recent_logins.clear()


post_save.connect(_forget, sender="accounts.User", dispatch_uid="recent_logins.user")
post_save.connect(_forget, sender="accounts.AuthSession", dispatch_uid="recent_logins.session")
# Any deletion: one may clear a user's field with an UPDATE that sends no signal of its own
# (deleting an avatar's file empties `User.avatar`). Deletions are rare beside reads.
post_delete.connect(_forget, dispatch_uid="recent_logins.any_delete")
