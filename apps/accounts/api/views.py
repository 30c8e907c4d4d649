"""Auth (contract §2) and users (§3). Thin: parse, call a service or selector, render."""

from django.contrib.auth import logout as session_logout
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api import paginated_response, validated
from apps.core.exceptions import NotFound
from apps.core.net import client_ip
from apps.core.ratelimit import CreateRateThrottle, LoginRateThrottle, RoleRateThrottle
from apps.core.responses import envelope
from apps.core.serializers import BaseSerializer
from apps.files import services as file_services

from .. import selectors, services
from ..models import Role
from ..permissions import IsAdmin, IsStaffRole
from .serializers import (
    AccessTokenSerializer,
    ChangePasswordSerializer,
    LoginSerializer,
    MessageEnvelopeSerializer,
    MessageSerializer,
    ProfileUpdateSerializer,
    RefreshSerializer,
    TokenPairSerializer,
    UserBriefSerializer,
    UserCreateSerializer,
    UserEnvelopeSerializer,
    UserListResponseSerializer,
    UserProfileEnvelopeSerializer,
    UserSerializer,
    UserUpdateSerializer,
    flatten_user_input,
)

# --- Auth --------------------------------------------------------------------------------------


class LoginApi(APIView):
    """Exchange email and password for an access and a refresh token."""

    authentication_classes: list = []  # a stale token in the header must not block a login
    permission_classes = [AllowAny]
    throttle_classes = [RoleRateThrottle, LoginRateThrottle]
    extra_error_codes = (401,)

    @extend_schema(
        tags=["auth"],
        request=LoginSerializer,
        responses={200: TokenPairSerializer},
        summary="Log in",
        auth=[],
    )
    def post(self, request):
        data = validated(LoginSerializer, request.data)
        result = services.auth_login(
            email=data["email"],
            password=data["password"],
            ip=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
        user = result.pop("user")
        return Response({**result, "user": UserBriefSerializer(user).data})


class TokenApi(LoginApi):
    @extend_schema(
        tags=["auth"],
        request=LoginSerializer,
        responses={200: TokenPairSerializer},
        summary="Log in (the v2.0.0 path of the same login)",
        auth=[],
    )
    def post(self, request):
        return super().post(request)


class RefreshApi(APIView):
    """A new access token, for the refresh token in `Authorization: Bearer` or in the body."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    extra_error_codes = (401,)

    @extend_schema(
        tags=["auth"],
        request=RefreshSerializer,
        responses={200: AccessTokenSerializer},
        auth=[],
        summary="Refresh the access token",
    )
    def post(self, request):
        data = validated(RefreshSerializer, request.data if isinstance(request.data, dict) else {})
        token = data.get("refresh_token")
        if not token:
            header = request.META.get("HTTP_AUTHORIZATION", "")
            scheme, _sep, value = header.partition(" ")
            if scheme.lower() == "bearer" and value.strip():
                token = value.strip()
        if not token:
            raise exceptions.NotAuthenticated(_("Send the refresh token as Bearer or as refresh_token"))
        return Response(services.auth_refresh(refresh_token=token))


class LogoutApi(APIView):
    """Revoke this login: its access token and its refresh token stop working at once."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["auth"], request=None, responses={200: MessageSerializer}, summary="Log out (revokes this login's tokens)"
    )
    def post(self, request):
        token = request.auth
        if token is not None and hasattr(token, "payload"):
            services.auth_logout(session_id=token.get("sid"))
        elif request.auth is None:  # the site's session cookie
            session_logout(request._request)
        return Response({"success": True, "message": _("You have been logged out")})


class AuthProfileApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["auth"], responses={200: UserSerializer}, summary="Get the caller's user")
    def get(self, request):
        return Response(UserSerializer(request.user, context={"request": request}).data)


# --- Users -------------------------------------------------------------------------------------


class UserListCreateApi(APIView):
    pagination_key = "users"
    throttle_classes = [RoleRateThrottle, CreateRateThrottle]

    def get_permissions(self):
        return [IsAdmin()] if self.request.method == "POST" else [IsStaffRole()]

    class FilterSerializer(BaseSerializer):
        role = serializers.ChoiceField(choices=Role.choices, required=False)
        search = serializers.CharField(required=False, max_length=100)

    @extend_schema(
        tags=["users"],
        parameters=[FilterSerializer],
        responses={200: UserListResponseSerializer},
        summary="List users (admin, manager)",
    )
    def get(self, request):
        filters = validated(self.FilterSerializer, request.query_params)
        users = selectors.user_list(**filters)
        return paginated_response(self, request, users, UserSerializer)

    @extend_schema(
        tags=["users"], request=UserCreateSerializer, responses={201: UserSerializer}, summary="Create a user (admin)"
    )
    def post(self, request):
        data = validated(UserCreateSerializer, request.data)
        user = services.user_create(**data)
        return Response(UserSerializer(user, context={"request": request}).data, status=201)


class UserDetailApi(APIView):
    def get_permissions(self):
        return [IsStaffRole()] if self.request.method == "GET" else [IsAdmin()]

    def _user(self, user_id):
        user = selectors.user_get(user_id=user_id)
        if user is None:
            raise NotFound(_("User not found"))
        return user

    @extend_schema(tags=["users"], responses={200: UserSerializer}, summary="Get a user (admin, manager)")
    def get(self, request, user_id: int):
        return Response(UserSerializer(self._user(user_id), context={"request": request}).data)

    @extend_schema(
        tags=["users"],
        request=UserUpdateSerializer,
        responses={200: UserSerializer},
        summary="Update a user (admin); PUT is partial like PATCH",
    )
    def put(self, request, user_id: int):
        user = self._user(user_id)
        data = flatten_user_input(validated(UserUpdateSerializer, request.data))
        user = services.user_update(user=user, data=data, actor=request.user)
        return Response(UserSerializer(user, context={"request": request}).data)

    @extend_schema(
        tags=["users"], request=UserUpdateSerializer, responses={200: UserSerializer}, summary="Update a user (admin)"
    )
    def patch(self, request, user_id: int):
        return self.put(request, user_id)

    @extend_schema(
        tags=["users"],
        responses={204: OpenApiResponse(description="Deleted")},
        summary="Delete a user (admin); deleting yourself is a 409",
    )
    def delete(self, request, user_id: int):
        services.user_delete(user=self._user(user_id), actor=request.user)
        return Response(status=204)

    extra_error_codes = (409,)


AVATAR_UNCHANGED = object()


class UserProfileApi(APIView):
    """The caller's own profile, in the v2.0.0 envelope."""

    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["users"], responses={200: UserProfileEnvelopeSerializer}, summary="Get the caller's profile")
    def get(self, request):
        return envelope(UserSerializer(request.user, context={"request": request}).data)

    @extend_schema(
        tags=["users"],
        request=ProfileUpdateSerializer,
        responses={200: UserEnvelopeSerializer},
        summary="Update the caller's profile",
    )
    def put(self, request):
        data = flatten_user_input(validated(ProfileUpdateSerializer, request.data, context={"request": request}))
        avatar = data.pop("avatar_id", AVATAR_UNCHANGED)  # an UploadedFile of the caller's, or None
        user = services.user_update(user=request.user, data=data, actor=request.user)
        if avatar is not AVATAR_UNCHANGED:
            user = file_services.user_avatar_set(user=user, file=avatar)
        return envelope(UserSerializer(user, context={"request": request}).data, message=_("Profile updated"))

    @extend_schema(
        tags=["users"],
        request=ProfileUpdateSerializer,
        responses={200: UserEnvelopeSerializer},
        summary="Update the caller's profile (PATCH)",
    )
    def patch(self, request):
        return self.put(request)


class ChangePasswordApi(APIView):
    """Change your password. Every login of yours is revoked: log in again with the new one."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["users"],
        request=ChangePasswordSerializer,
        responses={200: MessageEnvelopeSerializer},
        summary="Change the caller's password (revokes every login)",
    )
    def post(self, request):
        data = validated(ChangePasswordSerializer, request.data)
        services.user_change_password(user=request.user, **data)
        return envelope({}, message=_("Password changed. Log in again with the new password."))
