"""The site's content in the admin: one tab per language (Unfold's fieldset tabs).

modeltranslation's TabbedTranslationAdmin would draw its tabs with jQuery UI loaded from
Google's CDN, which the admin's self-only CSP blocks (and the issue forbids); its form handling
is kept and its scripts are left out: Unfold's own tabs, with no third-party script, do the job."""

from django import forms
from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline
from modeltranslation.utils import build_localized_fieldname
from unfold.admin import ModelAdmin, StackedInline
from unfold.decorators import display

from . import services
from .languages import NATIVE_NAMES, codes
from .models import BlogPost, CompanyDetails, EmailConfirmation, FaqItem, Page, ServicePage, Showroom


def language_tabs(*fields: str) -> list[tuple]:
    """One fieldset (an Unfold tab) per language with that language's version of `fields`."""
    return [
        (NATIVE_NAMES[code], {"fields": [build_localized_fieldname(f, code) for f in fields], "classes": ["tab"]})
        for code in codes()
    ]


class ContentAdmin(ModelAdmin, TabbedTranslationAdmin):
    """Saves through services.content_save: rich text sanitized in every language."""

    compressed_fields = True
    warn_unsaved_form = True

    class Media:
        """Empty, so subclasses do not inherit (and re-add) TabbedTranslationAdmin's scripts."""

    @property
    def media(self):
        media = super().media
        scripts = [js for js in media._js if "modeltranslation" not in js and not js.startswith(("//", "http"))]
        return forms.Media(js=scripts, css=media._css)

    def save_model(self, request, obj, form, change):
        services.content_save(instance=obj)


def save_rows_through(formset, *, save, delete) -> None:
    """Save an inline's rows through the services (`save(instance)`, `delete(instance)`) and tell
    the admin's change message what happened, as formset.save() would."""
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    parent = formset.instance
    for row in formset.deleted_forms:
        if row.instance.pk:
            delete(row.instance)
            formset.deleted_objects.append(row.instance)
    for row in formset.forms:
        if row in formset.deleted_forms or not row.has_changed() or not getattr(row, "cleaned_data", None):
            continue
        is_new = row.instance.pk is None
        setattr(row.instance, formset.fk.name, parent)
        saved = save(row.instance)
        if is_new:
            formset.new_objects.append(saved)
        else:
            formset.changed_objects.append((saved, row.changed_data))


@admin.register(Page)
class PageAdmin(ContentAdmin):
    list_display = ["__str__", "title", "updated_at"]
    readonly_fields = ["key", "updated_at"]
    fieldsets = [
        (None, {"fields": ["key", "updated_at"]}),
        *language_tabs("title", "lead", "body", "meta_title", "meta_description"),
    ]

    # The five pages are the site's fixed pages: made by a migration, never added or removed.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FaqInline(StackedInline, TranslationStackedInline):
    model = FaqItem
    fields = ["question", "answer", "order", "is_published"]
    extra = 0
    ordering_field = "order"
    hide_ordering_field = True


@admin.register(ServicePage)
class ServicePageAdmin(ContentAdmin):
    inlines = [FaqInline]
    list_display = ["title", "slug", "order", "is_published", "updated_at"]
    list_editable = ["order", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["title_ru", "title_kk", "title_ky"]
    readonly_fields = ["slug", "view_on_site_link", "updated_at"]
    fieldsets = [
        (None, {"fields": ["slug", "view_on_site_link", "illustration", "order", "is_published", "updated_at"]}),
        (_("Price"), {"fields": ["price_from_kzt", "price_from_kgs", "price_unit"]}),
        *language_tabs("title", "tagline", "lead", "body", "duration", "included", "meta_title", "meta_description"),
    ]

    # Six services with fixed addresses (contract §12): edited, hidden, never added or removed.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_formset(self, request, form, formset, change):
        save_rows_through(
            formset,
            save=lambda item: services.faq_item_save(item=item),
            delete=lambda item: services.faq_item_delete(item=item),
        )

    @display(description=_("page"))
    def view_on_site_link(self, obj):
        return obj.get_absolute_url() if obj.pk else "—"


@admin.register(FaqItem)
class FaqItemAdmin(ContentAdmin):
    list_display = ["question", "service", "order", "is_published"]
    list_editable = ["order", "is_published"]
    list_filter = ["is_published", "service"]
    search_fields = ["question_ru", "question_kk", "question_ky"]
    list_select_related = ["service"]
    fieldsets = [
        (None, {"fields": ["service", "order", "is_published"]}),
        *language_tabs("question", "answer"),
    ]

    def save_model(self, request, obj, form, change):
        services.faq_item_save(item=obj)


class ShowroomInline(StackedInline, TranslationStackedInline):
    model = Showroom
    fields = [
        "city",
        "address",
        "hours",
        "phone",
        "opening_hours",
        "country",
        "postal_code",
        "latitude",
        "longitude",
        "order",
    ]
    extra = 0


@admin.register(CompanyDetails)
class CompanyDetailsAdmin(ContentAdmin):
    """One row: the list opens it; it is never added twice or deleted. Saves clear the cached copy
    every page reads."""

    inlines = [ShowroomInline]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "email", "whatsapp", "telegram", "instagram", "updated_at"]}),
        *language_tabs("description", "messenger_greeting"),
    ]

    def has_add_permission(self, request):
        return not CompanyDetails.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        company = CompanyDetails.objects.first()
        if company is None:
            return HttpResponseRedirect(reverse("admin:site_companydetails_add"))
        return HttpResponseRedirect(reverse("admin:site_companydetails_change", args=[company.pk]))

    def save_model(self, request, obj, form, change):
        services.company_details_save(company=obj)

    def save_formset(self, request, form, formset, change):
        save_rows_through(
            formset,
            save=lambda showroom: services.showroom_save(showroom=showroom),
            delete=lambda showroom: services.showroom_delete(showroom=showroom),
        )


@admin.register(BlogPost)
class BlogPostAdmin(ContentAdmin):
    list_display = ["title", "published_at", "is_published", "service"]
    list_filter = ["is_published", "service"]
    search_fields = ["title_ru", "title_kk", "title_ky", "slug"]
    date_hierarchy = "published_at"
    list_select_related = ["service"]
    prepopulated_fields = {"slug": ("title_ru",)}
    fieldsets = [
        (None, {"fields": ["slug", "published_at", "is_published", "illustration", "service"]}),
        *language_tabs("title", "excerpt", "body", "meta_description"),
    ]


@admin.register(EmailConfirmation)
class EmailConfirmationAdmin(ModelAdmin):
    list_display = ["email", "user", "confirmed_at"]
    search_fields = ["email"]
    readonly_fields = ["user", "email", "confirmed_at"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False
