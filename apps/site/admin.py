"""The site's content in the admin: one tab per language (Unfold's fieldset tabs).

modeltranslation's TabbedTranslationAdmin would draw its tabs with jQuery UI loaded from
Google's CDN, which the admin's self-only CSP blocks (and the issue forbids); its form handling
is kept and its scripts are left out: Unfold's own tabs, with no third-party script, do the job."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin
from modeltranslation.utils import build_localized_fieldname
from unfold.admin import ModelAdmin
from unfold.decorators import display

from . import services
from .languages import NATIVE_NAMES, codes
from .models import BlogPost, EmailConfirmation, Page, ServicePage


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


@admin.register(ServicePage)
class ServicePageAdmin(ContentAdmin):
    list_display = ["title", "slug", "order", "is_published", "updated_at"]
    list_editable = ["order", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["title_ru", "title_kk", "title_ky"]
    readonly_fields = ["slug", "view_on_site_link", "updated_at"]
    fieldsets = [
        (None, {"fields": ["slug", "view_on_site_link", "illustration", "order", "is_published", "updated_at"]}),
        *language_tabs("title", "tagline", "lead", "body", "meta_title", "meta_description"),
    ]

    # Six services with fixed addresses (contract §12): edited, hidden, never added or removed.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @display(description=_("page"))
    def view_on_site_link(self, obj):
        return obj.get_absolute_url() if obj.pk else "—"


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
