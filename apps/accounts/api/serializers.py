from django.contrib.auth.password_validation import password_validators_help_texts
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.serializers import (
    BaseModelSerializer,
    BaseSerializer,
    IdField,
    envelope_serializer,
    paginated_serializer,
)
from apps.files.selectors import avatar_get

from ..models import Language, Role, User

# The seeds call Kazakh `kz`; Django calls it `kk`. Both come in, `kz` goes out.
LANGUAGE_IN = {"ru": Language.RU, "kz": Language.KK, "kk": Language.KK, "ky": Language.KY}
LANGUAGE_OUT = {Language.RU: "ru", Language.KK: "kz", Language.KY: "ky"}


class LanguageField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=list(LANGUAGE_IN), **kwargs)

    def to_internal_value(self, data):
        return LANGUAGE_IN[super().to_internal_value(str(data).lower() if isinstance(data, str) else data)]

    def to_representation(self, value):
        return LANGUAGE_OUT.get(value, value)


class PreferencesSerializer(BaseSerializer):
    language = LanguageField(required=False, help_text="ru, kz (Kazakh; kk is accepted too) or ky")
    notifications = serializers.BooleanField(required=False)


class UserSerializer(BaseModelSerializer):
    """The user object of contract §2."""

    avatar = serializers.SerializerMethodField()
    preferences = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "name", "role", "is_active", "avatar", "created_at", "last_login", "preferences"]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_avatar(self, user) -> str | None:
        if not user.avatar:
            return None
        request = self.context.get("request")
        url = user.avatar.url
        return request.build_absolute_uri(url) if request is not None else url

    @extend_schema_field(PreferencesSerializer)
    def get_preferences(self, user) -> dict:
        return {"language": LANGUAGE_OUT.get(user.language, user.language), "notifications": user.notifications}


class UserBriefSerializer(BaseModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "name", "role"]
        read_only_fields = fields


class LoginSerializer(BaseSerializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"})


class RefreshSerializer(BaseSerializer):
    refresh_token = serializers.CharField(
        required=False,
        allow_blank=True,  # blank is no token: fall back to the header, then 401
        max_length=2000,
        help_text="The refresh token, unless it is sent as `Authorization: Bearer <refresh>`",
    )


class AccessTokenSerializer(BaseSerializer):
    access_token = serializers.CharField()
    token_type = serializers.CharField(default="Bearer")
    expires_in = serializers.IntegerField(help_text="Seconds the access token lives")
    refresh_token = serializers.CharField(required=False, help_text="Only when refresh-token rotation is on")


class TokenPairSerializer(BaseSerializer):
    access_token = serializers.CharField()
    refresh_token = serializers.CharField()
    token_type = serializers.CharField(default="Bearer")
    expires_in = serializers.IntegerField()
    user = UserBriefSerializer()


class MessageSerializer(BaseSerializer):
    success = serializers.BooleanField(default=True)
    message = serializers.CharField()


def password_rules(field: str = "password"):
    """The rule of the password validators in force (AUTH_PASSWORD_VALIDATORS), as the schema says it."""

    def rule() -> str:
        with translation.override("en"):
            texts = " ".join(str(text) for text in password_validators_help_texts())
        return f"`{field}` must pass the password rules (checked against the user's email and name): {texts}"

    return rule


class UserCreateSerializer(BaseSerializer):
    cross_field_rules = ("`email` must not belong to another user (any case)", password_rules())

    email = serializers.EmailField(max_length=254)
    name = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"})
    role = serializers.ChoiceField(choices=Role.choices, default=Role.USER)


class UserUpdateSerializer(BaseSerializer):
    """Every field optional: PUT and PATCH are both partial."""

    cross_field_rules = (
        "`email` must not belong to another user (any case)",
        password_rules(),
        "Changing your own `role` or `is_active` is a 409 `CONFLICT`",
    )

    email = serializers.EmailField(max_length=254, required=False)
    name = serializers.CharField(max_length=150, required=False)
    role = serializers.ChoiceField(choices=Role.choices, required=False)
    is_active = serializers.BooleanField(required=False)
    password = serializers.CharField(
        max_length=128, trim_whitespace=False, required=False, style={"input_type": "password"}
    )
    preferences = PreferencesSerializer(required=False)


class ProfileUpdateSerializer(BaseSerializer):
    name = serializers.CharField(max_length=150, required=False)
    preferences = PreferencesSerializer(required=False)
    avatar_id = IdField(
        required=False,
        allow_null=True,
        help_text="An image you uploaded with category avatar (POST /api/v1/files/upload); null removes the avatar",
    )

    def validate_avatar_id(self, value):
        """The uploaded file itself (or None), for the files service to make the avatar."""
        if value is None:
            return None
        request = self.context.get("request")
        file = avatar_get(file_id=value, user=getattr(request, "user", None))
        if file is None:
            raise serializers.ValidationError(_("Choose an image you uploaded with the category avatar."))
        return file


class ChangePasswordSerializer(BaseSerializer):
    cross_field_rules = (
        "`current_password` must be the caller's password",
        "`confirm_password` must equal `new_password`",
        password_rules("new_password"),
    )

    current_password = serializers.CharField(max_length=128, trim_whitespace=False)
    new_password = serializers.CharField(max_length=128, trim_whitespace=False)
    confirm_password = serializers.CharField(max_length=128, trim_whitespace=False)


def flatten_user_input(data: dict) -> dict:
    """Validated user input -> the flat fields `user_update` takes."""
    flat = {k: v for k, v in data.items() if k != "preferences"}
    preferences = data.get("preferences") or {}
    if "language" in preferences:
        flat["language"] = preferences["language"]
    if "notifications" in preferences:
        flat["notifications"] = preferences["notifications"]
    return flat


UserListResponseSerializer = paginated_serializer("UserListResponse", "users", UserSerializer)
UserEnvelopeSerializer = envelope_serializer("UserEnvelope", UserSerializer(), with_message="optional")
UserProfileEnvelopeSerializer = envelope_serializer("UserProfileEnvelope", UserSerializer())  # GET: no message
MessageEnvelopeSerializer = envelope_serializer("MessageEnvelope", serializers.DictField(), with_message=True)
