from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation import settings as mt_settings
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline
from unfold.admin import ModelAdmin, TabularInline
from unfold.decorators import action, display
from unfold.widgets import UnfoldAdminFileFieldWidget, UnfoldAdminTextareaWidget, UnfoldAdminURLInputWidget

from apps.files import services as file_services
from apps.files.exceptions import PayloadTooLarge
from apps.files.models import FileCategory

from . import services
from .models import PortfolioImage, PortfolioProject, ProjectStatus, Review

LANGUAGES = services.LANGUAGES
STATUS_LABELS = {ProjectStatus.ACTIVE: "success", ProjectStatus.DRAFT: "warning", ProjectStatus.ARCHIVED: "info"}


class TechnologiesField(forms.Field):
    """The JSON list as one line per material or technique."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", UnfoldAdminTextareaWidget(attrs={"rows": 4}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value):
        if isinstance(value, list | tuple):
            return list(value)
        return [line for line in (value or "").splitlines() if line.strip()]

    def validate(self, value):
        super().validate(value)
        try:
            services.technologies_clean(value)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict.get("technologies", exc.messages)) from exc


def _technologies_field(language: str) -> TechnologiesField:
    return TechnologiesField(
        label=f"{capfirst(_('materials and techniques'))} [{language}]",
        help_text=_("One per line, for example: solid oak, Blum fittings, natural oil finish"),
    )


class PortfolioProjectForm(forms.ModelForm):
    project_url = forms.URLField(
        label=capfirst(_("project link")),
        max_length=500,
        required=False,
        assume_scheme="https",
        widget=UnfoldAdminURLInputWidget,
    )
    # One list of materials per language, one per line.
    technologies_ru = _technologies_field("ru")
    technologies_kk = _technologies_field("kk")
    technologies_ky = _technologies_field("ky")

    class Meta:
        model = PortfolioProject
        # The admin asks for the translated fields per language (title_ru, title_kk, ...).
        fields = [
            "title",
            "description",
            "category",
            "status",
            "technologies",
            "client",
            "completion_date",
            "project_url",
        ]


class PortfolioImageForm(forms.ModelForm):
    """A row of the image inline: pick an uploaded file or upload a new image right here (it goes
    through the same checks as the API's upload)."""

    upload = forms.FileField(label=capfirst(_("new image")), required=False, widget=UnfoldAdminFileFieldWidget)

    class Meta:
        model = PortfolioImage
        fields = ["file", "alt", "is_primary", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            self.fields["file"].required = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("DELETE"):
            return cleaned
        upload = cleaned.get("upload")
        if upload is not None:
            try:
                file_services.file_check(upload=upload, category=FileCategory.PORTFOLIO)
            except ValidationError as exc:
                raise ValidationError({"upload": exc.message_dict.get("file", exc.messages)}) from exc
            except PayloadTooLarge as exc:
                raise ValidationError({"upload": str(exc.message)}) from exc
        elif not cleaned.get("file") and not self.instance.pk:
            raise ValidationError({"upload": _("Upload an image or choose an uploaded file.")})
        return cleaned

    def validate_unique(self):
        # The cover may move between rows in one save: the formset checks there is at most one and
        # the service moves it, so the one-cover constraint is not checked row by row here.
        try:
            self.instance.validate_unique(exclude=self._get_validation_exclusions())
        except ValidationError as exc:
            self._update_errors(exc)


class PortfolioImageFormSet(TabularInline.formset):
    def clean(self):
        super().clean()
        covers = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("is_primary")
        ]
        if len(covers) > 1:
            raise ValidationError(_("Only one image can be the cover."))


class PortfolioImageInline(TabularInline, TranslationTabularInline):
    model = PortfolioImage
    form = PortfolioImageForm
    formset = PortfolioImageFormSet
    fields = ["preview", "upload", "file", "alt", "is_primary", "position"]
    readonly_fields = ["preview"]
    autocomplete_fields = ["file"]
    ordering_field = "position"
    hide_ordering_field = True
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("file")

    @display(description=_("preview"))
    def preview(self, obj):
        if obj is None or not obj.pk:
            return "—"
        return _thumbnail(obj, size=96)


def _thumbnail(image: PortfolioImage, *, size: int) -> str:
    srcset = image.file.thumbnail_srcset()
    url = srcset[0][0] if srcset else image.file.file.url
    height = round(size * 3 / 4)
    return format_html(
        '<img src="{}" alt="" width="{}" height="{}" class="object-cover rounded" loading="lazy">', url, size, height
    )


class LocalTabsAdmin(ModelAdmin, TabbedTranslationAdmin):
    class Media:
        """Empty, so subclasses do not inherit (and re-add) TabbedTranslationAdmin's CDN script."""

    @property
    def media(self):
        # modeltranslation loads jQuery UI from a CDN, which the admin's self-only CSP blocks (and
        # the platform loads nothing third-party): a small local stand-in provides the tabs.
        media = super().media
        js = [static("portfolio/admin/tabs.js") if path == mt_settings.JQUERY_UI_URL else path for path in media._js]
        return forms.Media(js=js, css=media._css)


@admin.register(PortfolioProject)
class PortfolioProjectAdmin(LocalTabsAdmin):
    form = PortfolioProjectForm
    inlines = [PortfolioImageInline]
    list_display = ["cover", "title", "category", "status_badge", "completion_date", "image_count", "updated_at"]
    list_display_links = ["cover", "title"]
    list_filter = ["status", "category", "completion_date"]
    search_fields = ["title_ru", "title_kk", "title_ky", "client"]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
    actions = ["publish", "archive"]
    fieldsets = (
        (None, {"fields": ("title", "description")}),
        (_("Details"), {"fields": ("category", "status", "technologies", "client", "completion_date", "project_url")}),
    )

    def get_queryset(self, request):
        covers = PortfolioImage.objects.filter(is_primary=True).select_related("file")
        return (
            super()
            .get_queryset(request)
            .annotate(images_total=Count("images"))
            .prefetch_related(Prefetch("images", queryset=covers, to_attr="cover_images"))
        )

    @display(description=_("cover"))
    def cover(self, obj):
        images = getattr(obj, "cover_images", None)
        if not images:
            return "—"
        return _thumbnail(images[0], size=80)

    @display(description=_("status"), ordering="status", label=STATUS_LABELS)
    def status_badge(self, obj):
        return obj.status, obj.get_status_display()

    @display(description=_("images"), ordering="images_total")
    def image_count(self, obj):
        return getattr(obj, "images_total", None)

    # --- Writes go through the services -------------------------------------------------------

    def save_model(self, request, obj, form, change):
        data = _service_data(form, only_changed=change)
        if change:
            services.portfolio_project_update(project=obj, data=data)
            return
        project = services.portfolio_project_create(**data)
        obj.pk, obj.created_at, obj.updated_at = project.pk, project.created_at, project.updated_at
        obj._state.adding = False

    def save_formset(self, request, form, formset, change):
        if formset.model is not PortfolioImage:
            return super().save_formset(request, form, formset, change)
        project = form.instance
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for row in formset.deleted_forms:
            if row.instance.pk:
                services.portfolio_image_remove(image=row.instance)
                formset.deleted_objects.append(row.instance)
        for row in formset.forms:
            if row in formset.deleted_forms or not row.has_changed() or not getattr(row, "cleaned_data", None):
                continue
            data = row.cleaned_data
            alt = {lang: data.get(f"alt_{lang}") or "" for lang in LANGUAGES if f"alt_{lang}" in data}
            if row.instance.pk:
                image = services.portfolio_image_update(
                    image=row.instance, alt=alt, is_primary=data.get("is_primary"), position=data.get("position")
                )
                formset.changed_objects.append((image, row.changed_data))
                continue
            file = data.get("file")
            if data.get("upload") is not None:
                file = file_services.file_upload(
                    owner=request.user, upload=data["upload"], category=FileCategory.PORTFOLIO
                )
            image = services.portfolio_image_add(
                project=project,
                file=file,
                alt=alt,
                is_primary=bool(data.get("is_primary")),
                position=data.get("position"),
            )
            formset.new_objects.append(image)
        services.portfolio_cover_ensure(project=project)

    def delete_model(self, request, obj):
        services.portfolio_project_delete(project=obj)

    def delete_queryset(self, request, queryset):
        for project in queryset:
            services.portfolio_project_delete(project=project)

    @action(description=_("Publish the selected projects"))
    def publish(self, request, queryset):
        count = self._set_status(queryset, ProjectStatus.ACTIVE)
        message = ngettext("%(count)d project published.", "%(count)d projects published.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @action(description=_("Archive the selected projects"))
    def archive(self, request, queryset):
        count = self._set_status(queryset, ProjectStatus.ARCHIVED)
        message = ngettext("%(count)d project archived.", "%(count)d projects archived.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    def _set_status(self, queryset, status) -> int:
        projects = list(queryset)
        for project in projects:
            services.portfolio_project_set_status(project=project, status=status)
        return len(projects)


def _service_data(form, *, only_changed: bool) -> dict:
    """The admin form's values in the services' terms: title_kk -> {"title": {"kk": ...}}."""
    names = form.changed_data if only_changed else list(form.cleaned_data)
    data: dict = {}
    for name in names:
        if name not in form.cleaned_data:
            continue
        value = form.cleaned_data[name]
        base, _sep, language = name.rpartition("_")
        if base in services.TRANSLATED_FIELDS and language in LANGUAGES:
            data.setdefault(base, {})[language] = value or ([] if base == "technologies" else "")
        elif name in services.PLAIN_FIELDS:
            data[name] = value
    return data


# --- Reviews -----------------------------------------------------------------------------------


class ReviewForm(forms.ModelForm):
    """A client's photo: an uploaded image, or a new one uploaded right here (checked like any
    upload)."""

    upload = forms.ImageField(label=capfirst(_("new photo")), required=False, widget=UnfoldAdminFileFieldWidget)

    class Meta:
        model = Review
        fields = ["name", "city", "text", "rating", "service", "project", "photo", "written_on", "is_approved"]

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload is not None:
            try:
                file_services.file_check(upload=upload, category=FileCategory.PORTFOLIO)
            except ValidationError as exc:
                raise ValidationError(exc.message_dict.get("file", exc.messages)) from exc
            except PayloadTooLarge as exc:
                raise ValidationError(str(exc.message)) from exc
        return upload


@admin.register(Review)
class ReviewAdmin(LocalTabsAdmin):
    form = ReviewForm
    list_display = ["name", "city", "rating", "service", "project", "written_on", "approved_badge"]
    list_filter = ["is_approved", "rating", "service"]
    search_fields = ["name", "text_ru"]
    list_select_related = ["project"]
    autocomplete_fields = ["project", "photo"]
    date_hierarchy = "written_on"
    actions = ["approve", "hide"]
    fieldsets = (
        (None, {"fields": ("name", "city", "text", "rating")}),
        (_("Where it is shown"), {"fields": ("service", "project", "photo", "upload", "written_on", "is_approved")}),
    )

    @display(description=_("approved"), ordering="is_approved", label={True: "success", False: "warning"})
    def approved_badge(self, obj):
        return obj.is_approved, _("Shown on the site") if obj.is_approved else _("Waiting for approval")

    def save_model(self, request, obj, form, change):
        upload = form.cleaned_data.get("upload")
        if upload is not None:
            obj.photo = file_services.file_upload(owner=request.user, upload=upload, category=FileCategory.PORTFOLIO)
        services.review_save(review=obj)

    @action(description=_("Show the selected reviews on the site"))
    def approve(self, request, queryset):
        self._set_approved(request, queryset, True)

    @action(description=_("Hide the selected reviews"))
    def hide(self, request, queryset):
        self._set_approved(request, queryset, False)

    def _set_approved(self, request, queryset, approved: bool) -> None:
        reviews = list(queryset)
        for review in reviews:
            services.review_set_approved(review=review, approved=approved)
        message = ngettext("%(count)d review updated.", "%(count)d reviews updated.", len(reviews))
        self.message_user(request, message % {"count": len(reviews)}, messages.SUCCESS)
