"""Portfolio (contract §6): the v2.0.0 project object and the bodies that create and change one.

Text is read and written in the request's language (Accept-Language: ru, kz/kk, ky): `title`,
`description`, `client` and `technologies` out are that language's, or the Russian ones where a
translation is missing; in, they are stored as that language's. `translations` sets several
languages at once."""

from collections.abc import Mapping

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.serializers import (
    BaseModelSerializer,
    BaseSerializer,
    IdField,
    envelope_serializer,
    paginated_serializer,
)

from ..models import CATEGORY_PATTERN, PortfolioProject, ProjectStatus
from ..selectors import ORDERS, SORT_FIELDS, current_language

# The seeds call Kazakh `kz`; Django calls it `kk`. Both come in.
LANGUAGE_IN = {"ru": "ru", "kz": "kk", "kk": "kk", "ky": "ky"}


def _enum(values, description: str = "") -> dict:
    schema = {"type": "string", "enum": list(values)}
    if description:
        schema["description"] = description
    return schema


@extend_schema_field(_enum(ProjectStatus.values, "active (published), draft or archived"))
class StatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=ProjectStatus.choices, **kwargs)


@extend_schema_field(_enum(SORT_FIELDS))
class SortField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=SORT_FIELDS, **kwargs)


@extend_schema_field(_enum(ORDERS))
class OrderField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=ORDERS, **kwargs)


class CategoryField(serializers.RegexField):
    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "A slug: montessori, kitchens, children-rooms, custom-furniture, ...")
        super().__init__(CATEGORY_PATTERN, max_length=50, **kwargs)


# --- Out ---------------------------------------------------------------------------------------


class PortfolioImageSerializer(BaseSerializer):
    """`id` is the uploaded file's id: send it back in `image_ids` to keep the image."""

    id = serializers.IntegerField()
    url = serializers.URLField()
    alt = serializers.CharField()
    is_primary = serializers.BooleanField()


class PortfolioProjectSerializer(BaseModelSerializer):
    """The portfolio project of v2.0.0: exactly its fields."""

    status = StatusField(read_only=True)
    images = serializers.SerializerMethodField()
    technologies = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = PortfolioProject
        fields = [
            "id",
            "title",
            "description",
            "category",
            "status",
            "images",
            "technologies",
            "client",
            "completion_date",
            "project_url",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(PortfolioImageSerializer(many=True))
    def get_images(self, project) -> list[dict]:
        request = self.context.get("request")
        title = project.title
        images = []
        for image in project.images.all():  # prefetched by the selectors, with their files
            url = image.file.file.url
            images.append(
                {
                    "id": image.file_id,
                    "url": request.build_absolute_uri(url) if request is not None and url.startswith("/") else url,
                    "alt": image.alt or title,
                    "is_primary": image.is_primary,
                }
            )
        return images


PortfolioProjectEnvelopeSerializer = envelope_serializer("PortfolioProjectEnvelope", PortfolioProjectSerializer())
PortfolioProjectCreatedSerializer = envelope_serializer(
    "PortfolioProjectCreatedEnvelope", PortfolioProjectSerializer(), with_message=True
)
PortfolioProjectListSerializer = envelope_serializer(
    "PortfolioProjectListEnvelope",
    paginated_serializer("PortfolioProjectPage", "projects", PortfolioProjectSerializer)(),
)


# --- In ----------------------------------------------------------------------------------------


class TranslationSerializer(BaseSerializer):
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    description = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    client = serializers.CharField(max_length=200, required=False, allow_blank=True)
    technologies = serializers.ListField(
        child=serializers.CharField(max_length=100, allow_blank=True), max_length=50, required=False
    )


class TranslationsSerializer(BaseSerializer):
    ru = TranslationSerializer(required=False)
    kz = TranslationSerializer(required=False, help_text="Kazakh (`kk` is accepted too)")
    kk = TranslationSerializer(required=False)
    ky = TranslationSerializer(required=False)


class PortfolioProjectUpdateSerializer(BaseSerializer):
    """Every field optional: PUT and PATCH are both partial. `title` and `description` are in the
    request's language; `translations` sets any language (`{"kz": {"title": "..."}}`)."""

    cross_field_rules = (
        "`title`, `description`, `client` and `technologies` are in the request's language; `translations` "
        "sets other languages at once. The Russian title is required: the project keeps one "
        "(`title` in a Russian request or `translations.ru.title`), shown when a translation is missing",
        "`image_ids` are files uploaded with category `portfolio` (images), not shown in another project",
        "`primary_image_id` must be one of `image_ids` (or of the project's current images when "
        "`image_ids` is not sent)",
    )

    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    translations = TranslationsSerializer(required=False)
    category = CategoryField(required=False)
    status = StatusField(required=False)
    technologies = serializers.ListField(
        child=serializers.CharField(max_length=100, allow_blank=True),
        max_length=50,
        required=False,
        help_text="Materials and techniques: 'массив дуба', 'Blum', ...",
    )
    client = serializers.CharField(max_length=200, required=False, allow_blank=True)
    completion_date = serializers.DateField(required=False, allow_null=True)
    project_url = serializers.URLField(max_length=500, required=False, allow_blank=True, allow_null=True)
    image_ids = serializers.ListField(
        child=IdField(),
        max_length=50,
        required=False,
        help_text=(
            "Uploaded files (category portfolio) in display order; on update the whole new list. "
            "An image's `id` in the answer is its file id."
        ),
    )
    primary_image_id = IdField(
        required=False, help_text="The cover, one of image_ids (default: the first, or the current cover)"
    )

    def validate(self, attrs):
        """Fold the translated fields and `translations` into {language: value} per field."""
        language = current_language()
        translations = attrs.pop("translations", {}) or {}
        for field in ("title", "description", "client", "technologies"):
            values = {}
            for code, texts in translations.items():
                if field in texts:
                    values[LANGUAGE_IN[code]] = texts[field]
            if field in attrs:
                values[language] = attrs[field]
            if values:
                attrs[field] = values
            else:
                attrs.pop(field, None)
        return attrs


class PortfolioProjectCreateSerializer(PortfolioProjectUpdateSerializer):
    """`title` and `category` are required; `status` defaults to `draft`. A project needs its
    Russian title: send it as `title` (Russian request) or in `translations.ru`."""

    category = CategoryField()

    def to_internal_value(self, data):
        # `title` may come as `translations.<language>.title` instead: checked here, with the other
        # fields, so one answer names every missing field.
        errors, value = {}, None
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            errors = dict(exc.detail) if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        if isinstance(data, Mapping) and not _has_title(data) and "title" not in errors:
            errors["title"] = [serializers.Field.default_error_messages["required"]]
        if errors:
            raise serializers.ValidationError(errors)
        return value


def _has_title(data: Mapping) -> bool:
    if "title" in data:
        return True
    translations = data.get("translations")
    return isinstance(translations, Mapping) and any(
        isinstance(texts, Mapping) and "title" in texts for texts in translations.values()
    )


class PortfolioFilterSerializer(BaseSerializer):
    category = CategoryField(required=False)
    status = StatusField(
        required=False, help_text="Visitors and clients only ever see active projects: other values find nothing"
    )
    sort = SortField(required=False, default="created_at")
    order = OrderField(required=False, default="desc")
