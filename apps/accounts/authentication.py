"""The three ways in (contract §1): a SimpleJWT access token whose login is not revoked,
an API key, or the site's session cookie with CSRF."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError

from .models import AuthSession
from .recent_logins import recent_logins as _recent
from .services import api_key_authenticate

TOKEN_INVALID = _("Token is invalid, expired or revoked")


class RevocableJWTAuthentication(JWTAuthentication):
    """A Bearer access token is good while its login (`sid`) is live and its user active:
    one query fetches both."""

    www_authenticate_realm = "api"

    def authenticate(self, request):
        header = self.get_header(request)
        if header is None:
            return None
        raw = self.get_raw_token(header)
        if raw is None:
            return None
        seen = _recent.get_token(raw)  # this very token, verified and live within the last second
        if seen is not None:
            return seen
        try:
            token = self.get_validated_token(raw)
        except (InvalidToken, TokenError) as exc:
            raise exceptions.AuthenticationFailed(TOKEN_INVALID) from exc
        sid, user_id = token.get("sid"), token.get("user_id")
        user = _recent.get(sid, user_id)
        if user is not None:
            _recent.put_token(raw, token, user)
            return user, token
        session = (
            AuthSession.objects.select_related("user")
            .filter(
                pk=token.get("sid"),
                user_id=token.get("user_id"),
                revoked_at__isnull=True,
                expires_at__gt=timezone.now(),
            )
            .first()
            if token.get("sid")
            else None
        )
        if session is None or not session.user.is_active:
            raise exceptions.AuthenticationFailed(TOKEN_INVALID)
        _recent.put(sid, user_id, session.user)
        _recent.put_token(raw, token, session.user)
        return session.user, token


class APIKeyAuthentication(authentication.BaseAuthentication):
    header = "HTTP_X_API_KEY"

    def authenticate(self, request):
        # A blank header is no credential, as servers strip a header's surrounding whitespace anyway.
        raw = (request.META.get(self.header) or "").strip()
        if not raw:
            return None
        key = api_key_authenticate(raw=raw)
        if key is None or not key.user.is_active:
            raise exceptions.AuthenticationFailed(TOKEN_INVALID)
        return key.user, key

    def authenticate_header(self, request):
        return "X-API-Key"


class CsrfSessionAuthentication(authentication.SessionAuthentication):
    """The site's session cookie; unsafe methods need Django's CSRF token."""
