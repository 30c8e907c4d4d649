from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.decorators import display

from . import services
from .exceptions import PayloadTooLarge
from .models import FileCategory, UploadedFile


class UploadedFileAddForm(forms.ModelForm):
    """The admin's upload goes through the same checks as the API's."""

    upload = forms.FileField(label=_("file"))

    class Meta:
        model = UploadedFile
        fields = ["category"]

    def clean(self):
        cleaned = super().clean()
        upload, category = cleaned.get("upload"), cleaned.get("category")
        if upload is None or not category:
            return cleaned
        try:
            self.uploaded = services.file_upload(owner=self.current_user, upload=upload, category=category)
        except ValidationError as exc:
            messages = exc.message_dict if hasattr(exc, "error_dict") else {"upload": exc.messages}
            raise ValidationError({"upload" if k == "file" else k: v for k, v in messages.items()}) from exc
        except PayloadTooLarge as exc:
            raise ValidationError({"upload": exc.message}) from exc
        return cleaned


@admin.register(UploadedFile)
class UploadedFileAdmin(ModelAdmin):
    list_display = ["preview", "display_name", "category", "mime_type", "human_size", "owner", "uploaded_at"]
    list_filter = ["category", "mime_type", "uploaded_at"]
    search_fields = ["original_filename", "file", "owner__email"]
    list_select_related = ["owner"]
    date_hierarchy = "uploaded_at"
    show_full_result_count = False
    readonly_fields = [
        "preview",
        "file",
        "original_filename",
        "size",
        "mime_type",
        "category",
        "width",
        "height",
        "owner",
        "uploaded_at",
        "thumbnails",
    ]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = UploadedFileAddForm
        form = super().get_form(request, obj, **kwargs)
        form.current_user = request.user
        return form

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["category", "upload"]
        return self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:  # the form's clean() stored it through the service already
            uploaded = form.uploaded
            obj.pk, obj.file, obj._state.adding = uploaded.pk, uploaded.file, False

    def delete_model(self, request, obj):
        services.file_delete(file=obj)

    def delete_queryset(self, request, queryset):
        for file in queryset:
            services.file_delete(file=file)

    @display(description=_("preview"))
    def preview(self, obj):
        if not obj.is_image or obj.category == FileCategory.DOCUMENT:
            return "—"
        srcset = obj.thumbnail_srcset()
        url = srcset[0][0] if srcset else obj.file.url
        return format_html('<img src="{}" alt="" width="64" height="48" class="object-cover rounded">', url)

    @display(description=_("name"), ordering="original_filename")
    def display_name(self, obj):
        return obj.original_filename or obj.filename

    @display(description=_("size"), ordering="size")
    def human_size(self, obj):
        return filesizeformat(obj.size)
