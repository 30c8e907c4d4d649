"""Admin building blocks every CRM admin shares (leads, projects, consultations, ...): Unfold's
ModelAdmin with the action-form page, the contact-fields form mixin, the assignment filter and
small display helpers. Imports no app."""

from functools import lru_cache, wraps

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeData
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.widgets import UnfoldAdminSelectWidget, UnfoldAdminTextInputWidget

from apps.core.exceptions import ApplicationError
from apps.core.phones import normalize_phone, phone_search_q
from apps.core.templatetags.phones import phone_links
from apps.core.unfold_patches import row_checkbox


def render_label(text, variant: str | None, *, href: str = "", title: str = "", icon: str = "") -> str:
    """A badge like the ones of `@display(label=...)`, also as a link. A list shows the same few
    badges on every row: each is rendered once and then kept (a pure function of its words)."""
    return _label(*_as_key(text), variant, *_as_key(href), *_as_key(title), icon)


def _as_key(value) -> tuple[str, bool]:
    # Words as they read now (a lazy translation is keyed by its text in this language), and
    # whether they are markup: "<b>" typed by a client must never meet the badge kept for "<b>" as HTML.
    text = str(value)
    return text, isinstance(text, SafeData)


@lru_cache(maxsize=1024)
def _label(text, text_is_html, variant, href, href_is_html, title, title_is_html, icon) -> str:
    context = {"text": text, "type": variant, "href": href, "label_title": title, "icon": icon}
    return render_to_string("unfold/helpers/label.html", context)


def local_moment(value) -> str:
    """A date and time in the company's time zone, day first, on one line."""
    text = formats.date_format(timezone.localtime(value), "d.m.Y H:i") if value else "—"
    return format_html('<span class="whitespace-nowrap">{}</span>', text)


class CapfirstLabelsMixin:
    """Labels start with a capital, as on the model forms (the msgids are the models' lower-case
    verbose names, already translated)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.label = capfirst(field.label)


def primary_contact(obj, email_field: str = "email", phone_field: str = "phone") -> str:
    """The phone (or, without one, the email) under a name in a list: one line, not two. The
    phone as people read it, with its call and WhatsApp links."""
    phone = getattr(obj, phone_field)
    return phone_links(phone) if phone else getattr(obj, email_field)


def language_label(code: str) -> str:
    """A site language by its name ("Kazakh" in the reader's language); an older code as it is."""
    return str(dict(settings.LANGUAGES).get(code, code or "—"))


# Longer names are cut in lists (in full in the tooltip), so the status and manager columns stay on screen.
LIST_TEXT_LENGTH = 60


def truncated(text, length: int = LIST_TEXT_LENGTH) -> str:
    """`text` on a list, cut at `length` characters with "…"; the whole text in its tooltip."""
    text = str(text or "")
    return format_html('<span class="crm-cut" title="{}">{}</span>', text, Truncator(text).chars(length))


def record_link(url: str, text, length: int = LIST_TEXT_LENGTH) -> str:
    """The first column of a CRM list: the record's name as the link to it, cut like `truncated`.
    The column itself is no row link (`list_display_links = None`): the phone's links below the
    name could not sit inside another link."""
    text = str(text or "")
    return format_html(
        '<a href="{}" class="crm-cut font-medium text-primary-600 dark:text-primary-500" title="{}">{}</a>',
        url,
        text,
        Truncator(text).chars(length),
    )


class PhoneSearchMixin:
    """A list's search box also finds phones however they are written: "8 777 123 45 67",
    "+7 (777) 123-45-67" and "77771234567" all find +77771234567 (see `phone_search_q`)."""

    phone_search_fields: tuple[str, ...] = ("phone",)

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        phones = phone_search_q(search_term, self.phone_search_fields)
        if phones is not None:
            results = results | queryset.filter(phones)
        return results, may_have_duplicates


def error_text(exc: Exception) -> str:
    """One line for a message banner from a service's ValidationError or ApplicationError."""
    if isinstance(exc, ApplicationError):
        return str(exc.message)
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


def changed_data(form, allowed: set[str]) -> dict:
    """The fields the admin form changed, as the `data` of an `<entity>_update` service."""
    return {name: form.cleaned_data[name] for name in form.changed_data if name in allowed}


def datetime_input() -> UnfoldAdminTextInputWidget:
    # The browser's own picker: no calendar JavaScript to load on the intermediate pages.
    return UnfoldAdminTextInputWidget(attrs={"type": "datetime-local"})


def date_input() -> UnfoldAdminTextInputWidget:
    return UnfoldAdminTextInputWidget(attrs={"type": "date"})


class ContactFieldsFormMixin:
    """Admin forms with a name, an email and a phone: the phone is checked and stored in E.164,
    and one of email or phone is required, as the services require (errors show on the form, not
    as a server error). The language is picked from the site's languages; the long texts get a
    textarea of a sensible height."""

    phone_field = "phone"
    email_field = "email"
    require_contact = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = self.fields.get("language")
        if language is not None:
            choices = list(settings.LANGUAGES)
            current = getattr(self.instance, "language", "")
            if current and current not in dict(choices):
                choices.append((current, current))  # an older code (say "kz") stays as it is
            self.fields["language"] = forms.ChoiceField(
                label=language.label, choices=choices, initial=language.initial, widget=UnfoldAdminSelectWidget
            )
        for name in ("notes", "message", "description"):
            if name in self.fields and isinstance(self.fields[name].widget, forms.Textarea):
                self.fields[name].widget.attrs["rows"] = 4

    def clean(self):
        cleaned = super().clean()
        phone_field, email_field = self.phone_field, self.email_field
        if phone_field in cleaned:
            try:
                cleaned[phone_field] = normalize_phone(cleaned.get(phone_field))
            except ValidationError as exc:
                self.add_error(phone_field, exc.messages)
        if (
            self.require_contact
            and email_field in self.fields
            and not cleaned.get(email_field)
            and not cleaned.get(phone_field)
            and phone_field not in self.errors
            and email_field not in self.errors
        ):
            self.add_error(email_field, _("Give an email or a phone number"))
        return cleaned


class AssignmentFilter(admin.SimpleListFilter):
    """The two views a manager opens every morning, one click each: mine, and nobody's."""

    title = _("assignment")
    parameter_name = "assignment"
    field = "assigned_to"
    mine_label = _("Assigned to me")
    nobody_label = _("Unassigned")

    def lookups(self, request, model_admin):
        return [("mine", self.mine_label), ("unassigned", self.nobody_label)]

    def queryset(self, request, queryset):
        if self.value() == "mine":
            return queryset.filter(**{self.field: request.user})
        if self.value() == "unassigned":
            return queryset.filter(**{f"{self.field}__isnull": True})
        return queryset


class CrmAdmin(ModelAdmin):
    """Unfold's ModelAdmin with the intermediate page that actions with a form use."""

    list_filter_submit = True
    list_per_page = 50

    @wraps(ModelAdmin.action_checkbox)  # its column heading, the select-all box, as unfold has it
    def action_checkbox(self, obj):
        return row_checkbox(obj.pk)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if object_id:  # on an existing record the button is noise (and pushes "delete" off the bar)
            extra_context.setdefault("show_save_and_add_another", False)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        # Picking a manager or a lead is all a CRM form does with them: no "add user" or
        # "edit lead" buttons beside the field (they also push the two-column rows off the page).
        widget = getattr(formfield, "widget", None)
        if db_field.is_relation and widget is not None and hasattr(widget, "can_add_related"):
            widget.can_add_related = widget.can_change_related = False
            widget.can_delete_related = widget.can_view_related = False
        return formfield

    def action_form_page(self, request, queryset, *, form, title, submit_label, description=""):
        """Ask for the action's form, then post back to the changelist with `apply` set; the
        action runs again with the same selection and the bound form."""
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": None,
            "description": description,
            "opts": self.model._meta,
            "form": form,
            "objects": list(queryset[:25]),
            "count": queryset.count(),
            "action_name": request.POST.get("action", ""),
            "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
            "submit_label": submit_label,
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/crm/action_form.html", context)

    @staticmethod
    def bind_action_form(form_class, request, **kwargs):
        """Unbound on the first step; bound to the posted data once the page was submitted."""
        if "apply" in request.POST:
            return form_class(request.POST, **kwargs)
        return form_class(**kwargs)

    def report(self, request, done: int, failures: list[str], done_message):
        """`done_message`: an ngettext_lazy(..., "count"), so "1 лид", "2 лида", "5 лидов" all read right."""
        if done:
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)
        for failure in failures[:10]:
            self.message_user(request, failure, messages.ERROR)
        if len(failures) > 10:
            self.message_user(request, _("…and %(count)d more errors.") % {"count": len(failures) - 10}, messages.ERROR)
