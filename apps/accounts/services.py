"""Writes for accounts: users, logins (token pairs), API keys. The one path used by the API,
the admin, the site and the management commands."""

import hashlib
import secrets
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import RefreshToken

from apps.core.events import emit, snapshot
from apps.core.exceptions import Conflict, InvalidCredentials, InvalidToken

from .models import APIKey, AuthSession, Role, User
from .recent_logins import recent_logins

API_KEY_PREFIX = "bm"
# Internal outbox event: a letter to an account's owner (the site sends it; not offered to webhooks).
ACCOUNT_LETTER_EVENT = "account.letter_requested"


# --- Users -------------------------------------------------------------------------------------


@transaction.atomic
def user_create(*, email: str, name: str, password: str | None, role: str = Role.USER, language: str = "ru") -> User:
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("A user with this email already exists")})
    user = User(email=email, name=name.strip(), role=role, language=language)
    if password:
        _validate_password(password, user, field="password")
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    emit("user.registered", snapshot(user, ("id", "email", "name", "role", "language", "created_at")))
    return user


@transaction.atomic
@transaction.atomic
def user_register(*, email: str, name: str, password: str, language: str = "ru") -> tuple[User, bool]:
    """A client signing up on the site. Returns (user, created): an email that already has an
    account gives (that account, False) and changes nothing, so the caller can answer exactly as
    for a new one (registration must not tell strangers who has an account). The name and the
    password are checked first, the same way in both cases."""
    email = User.objects.normalize_email(email).strip().lower()
    candidate = User(email=email, name=(name or "").strip(), role=Role.USER, language=language)
    _validate_password(password, candidate, field="password")
    candidate.full_clean(exclude=["password"], validate_unique=False, validate_constraints=False)
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        # The owner hears of it by email (through the outbox, like the confirmation link).
        emit(ACCOUNT_LETTER_EVENT, {"user_id": existing.pk, "letter": "registration_taken", "language": language})
        return existing, False
    user = user_create(email=email, name=name, password=password, role=Role.USER, language=language)
    emit(ACCOUNT_LETTER_EVENT, {"user_id": user.pk, "letter": "confirm_email", "language": language})
    return user, True


@transaction.atomic
def user_update(*, user: User, data: dict, actor: User | None = None) -> User:
    """Partial update: only the keys present in `data` change. An admin cannot take their own
    admin role or deactivate themselves (nobody could undo it from the API)."""
    fields = {"name", "role", "language", "notifications", "is_active", "email"}
    unknown = set(data) - fields - {"password"}
    if unknown:
        raise ValueError(f"Unknown user fields: {sorted(unknown)}")
    if actor is not None and actor.pk == user.pk:
        if data.get("is_active") is False:
            raise Conflict(_("You cannot deactivate your own account"))
        if "role" in data and data["role"] != user.role:
            raise Conflict(_("You cannot change your own role"))
    if "email" in data:
        data["email"] = User.objects.normalize_email(data["email"]).strip().lower()
        if User.objects.filter(email__iexact=data["email"]).exclude(pk=user.pk).exists():
            raise ValidationError({"email": _("A user with this email already exists")})
    for field, value in data.items():
        if field != "password":
            setattr(user, field, value)
    if data.get("password"):
        _validate_password(data["password"], user, field="password")
        user.set_password(data["password"])
    user.full_clean(exclude=["password"])
    user.save()
    if data.get("password") or data.get("is_active") is False:
        auth_sessions_revoke_all(user=user)
    return user


@transaction.atomic
def user_delete(*, user: User, actor: User) -> None:
    if user.pk == actor.pk:
        raise Conflict(_("You cannot delete your own account"))
    user.delete()


@transaction.atomic
def user_change_password(*, user: User, current_password: str, new_password: str, confirm_password: str) -> User:
    if not user.check_password(current_password):
        raise ValidationError({"current_password": _("The current password is incorrect")})
    if new_password != confirm_password:
        raise ValidationError({"confirm_password": _("The passwords do not match")})
    _validate_password(new_password, user, field="new_password")
    user.set_password(new_password)
    user.save(update_fields=["password"])
    auth_sessions_revoke_all(user=user)
    return user


def _validate_password(password: str, user: User, *, field: str) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({field: list(exc.messages)}) from exc


def ensure_demo_admin(*, email: str, password: str | None = None) -> tuple[User, str | None]:
    """The demo admin of `make run`. Returns the user and, when it was created now, its password."""
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user, None
    password = password or secrets.token_urlsafe(12)
    user = User.objects.create_superuser(email=email, password=password, name="Demo Admin")
    return user, password


# --- Staff access ------------------------------------------------------------------------------

MANAGERS_GROUP = "Managers"


def user_groups_sync(*, user: User) -> None:
    """A manager belongs to the "Managers" group (the CRM's admin permissions, made by the data
    migration leads/0002); anyone else does not. Admins are superusers and need no group."""
    from django.contrib.auth.models import Group

    group = Group.objects.filter(name=MANAGERS_GROUP).first()
    if group is None or user.pk is None:
        return
    if user.role == Role.MANAGER:
        user.groups.add(group)
    else:
        user.groups.remove(group)


# --- Logins (JWT pairs) ------------------------------------------------------------------------


def auth_login(*, email: str, password: str, ip: str | None = None, user_agent: str = "") -> dict:
    user = authenticate(email=(email or "").strip().lower(), password=password)
    if user is None or not user.is_active:
        raise InvalidCredentials()
    tokens = _issue_pair(user=user, ip=ip, user_agent=user_agent)
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    return {**tokens, "user": user}


def _issue_pair(*, user: User, ip: str | None, user_agent: str) -> dict:
    refresh = RefreshToken.for_user(user)
    session = AuthSession.objects.create(
        user=user,
        refresh_jti=refresh["jti"],
        expires_at=datetime.fromtimestamp(refresh["exp"], tz=UTC),
        ip=ip or None,
        user_agent=(user_agent or "")[:300],
    )
    refresh["sid"] = str(session.pk)
    return _token_body(refresh, include_refresh=True)


def _token_body(refresh: RefreshToken, *, include_refresh: bool) -> dict:
    access = refresh.access_token
    body = {
        "access_token": str(access),
        "token_type": "Bearer",
        "expires_in": int(settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"].total_seconds()),
    }
    if include_refresh:
        body["refresh_token"] = str(refresh)
    return body


@transaction.atomic
def auth_refresh(*, refresh_token: str) -> dict:
    """A new access token for a live refresh token (and a new refresh token when rotation is on)."""
    try:
        refresh = RefreshToken(refresh_token)
    except TokenError as exc:
        raise InvalidToken() from exc
    session = (
        AuthSession.objects.select_for_update()
        .select_related("user")
        .filter(pk=refresh.get("sid"), revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if session is None or session.refresh_jti != refresh["jti"] or not session.user.is_active:
        raise InvalidToken()
    if not settings.SIMPLE_JWT["ROTATE_REFRESH_TOKENS"]:
        return _token_body(refresh, include_refresh=False)
    rotated = RefreshToken.for_user(session.user)
    rotated["sid"] = str(session.pk)
    session.refresh_jti = rotated["jti"]
    session.expires_at = datetime.fromtimestamp(rotated["exp"], tz=UTC)
    session.save(update_fields=["refresh_jti", "expires_at"])
    return _token_body(rotated, include_refresh=True)


def auth_logout(*, session_id: str | None) -> None:
    if session_id:
        AuthSession.objects.filter(pk=session_id, revoked_at__isnull=True).update(revoked_at=timezone.now())
        recent_logins.clear()  # an update() sends no signal


def auth_sessions_revoke_all(*, user: User) -> int:
    revoked = AuthSession.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    recent_logins.clear()  # an update() sends no signal
    return revoked


# --- API keys ----------------------------------------------------------------------------------


def _hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_key_create(*, user: User, name: str, expires_at: datetime | None = None) -> tuple[APIKey, str]:
    """Returns the key record and the raw key, which is never stored and shown only now."""
    prefix = secrets.token_hex(6)
    raw = f"{API_KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    key = APIKey(user=user, name=name, prefix=prefix, key_hash=_hash_key(raw), expires_at=expires_at)
    key.full_clean()
    key.save()
    return key, raw


def api_key_revoke(*, key: APIKey) -> APIKey:
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
    return key


def api_key_authenticate(*, raw: str) -> APIKey | None:
    """The usable key that `raw` is, with its user loaded; None for anything else."""
    parts = (raw or "").split("_")
    if len(parts) < 3 or parts[0] != API_KEY_PREFIX:
        return None
    key = APIKey.objects.usable().select_related("user").filter(prefix=parts[1]).first()
    if key is None or not secrets.compare_digest(key.key_hash, _hash_key(raw)):
        return None
    now = timezone.now()
    # Record use at most once a minute: a write per request would be wasted on busy keys.
    if key.last_used_at is None or (now - key.last_used_at).total_seconds() > 60:
        APIKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
    return key
