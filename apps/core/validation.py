"""Model validation for services: everything `full_clean()` checks, and the one thing it leaves to forms."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models


def full_clean(instance: models.Model, *, exclude: list[str] | None = None) -> None:
    """`instance.full_clean()`, plus the `max_length` of text fields: Django enforces that only in
    forms, and services are also called by webhooks and imports, which have none. One
    ValidationError with every field's messages."""
    errors: dict[str, list] = {}
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.TextField) and field.max_length and field.name not in (exclude or ()):
            try:
                MaxLengthValidator(field.max_length)(getattr(instance, field.attname) or "")
            except ValidationError as exc:
                errors[field.name] = exc.error_list
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
