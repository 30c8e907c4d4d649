"""The site's forms. Their field names are the JSON bodies' (contract §12): one form validates
both a browser's POST and a JSON client's body."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.consultations.models import ConsultationType
from apps.core.phones import normalize_phone
from apps.leads.models import ServiceInterest

HONEYPOT_FIELD = "website"  # the API's contact endpoint uses the same trap


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Errors a service raised, shown next to the fields they name (others above the form)."""
    errors = exc.error_dict.items() if hasattr(exc, "error_dict") else [(None, exc.error_list)]
    for field, field_errors in errors:
        form.add_error(field if field in form.fields else None, field_errors)


class HoneypotMixin(forms.Form):
    """A field people never see (hidden by CSS, skipped by keyboard and screen readers) and bots
    fill in. A filled one is answered like a success and nothing is stored."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_bot(self) -> bool:
        return bool(str(self.data.get(HONEYPOT_FIELD) or "").strip())


class ContactDetailsMixin(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=32,
        help_text=_("For example +7 777 123 45 67 or +996 555 123 456"),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel", "inputmode": "tel"}),
    )

    def clean_phone(self):
        try:
            return normalize_phone(self.cleaned_data.get("phone"))
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc

    def clean(self):
        cleaned = super().clean()
        no_contact = not cleaned.get("email") and not cleaned.get("phone")
        if no_contact and not self.has_error("email") and not self.has_error("phone"):
            self.add_error("email", _("Give an email or a phone number"))
        return cleaned

    def add_service_errors(self, exc: ValidationError) -> None:
        add_service_errors(self, exc)


def _service_choices(empty_label):
    return [("", empty_label), *[(value, label) for value, label in ServiceInterest.choices]]


class ContactForm(HoneypotMixin, ContactDetailsMixin):
    """POST /contact: the v2.1.0 body (name, email, phone, message) and the v2.0.0 extras."""

    service_interest = forms.ChoiceField(label=_("What are you interested in?"), required=False, choices=())
    message = forms.CharField(
        label=_("Message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Room, sizes, wishes, a convenient time to call: anything that helps us prepare."),
    )
    subject = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    project_type = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)
    budget = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)

    field_order = ["name", "email", "phone", "service_interest", "message"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_interest"].choices = _service_choices(_("Not decided yet"))


class ConsultationForm(HoneypotMixin, ContactDetailsMixin):
    """The consultation request: which service, how to meet, which day suits."""

    service_type = forms.ChoiceField(label=_("Service"), required=False, choices=())
    consultation_type = forms.ChoiceField(
        label=_("How would you like to meet?"),
        choices=ConsultationType.choices,
        initial=ConsultationType.OFFICE_VISIT,
        required=False,  # the v2.1.0 body leaves it out: a visit to the office, as in the API
        widget=forms.RadioSelect,
    )
    preferred_date = forms.DateField(
        label=_("Preferred date"),
        required=False,
        help_text=_("We will call to confirm the time."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
    )
    message = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional: what you would like to discuss."),
    )

    field_order = ["name", "phone", "email", "service_type", "consultation_type", "preferred_date", "message"]

    def __init__(self, *args, allow_past_date: bool = False, **kwargs):
        """`allow_past_date`: a JSON client's body as the CRM takes it (the v2.1.0 example asks for
        2025-07-01); a visitor picking a day in the form is told a past one will not do."""
        super().__init__(*args, **kwargs)
        self.allow_past_date = allow_past_date
        self.fields["service_type"].choices = _service_choices(_("Help me choose"))
        self.fields["preferred_date"].widget.attrs["min"] = timezone.localdate().isoformat()

    def clean_consultation_type(self):
        return self.cleaned_data.get("consultation_type") or ConsultationType.OFFICE_VISIT

    def clean_preferred_date(self):
        value = self.cleaned_data.get("preferred_date")
        if value and value < timezone.localdate() and not self.allow_past_date:
            raise ValidationError(_("The preferred date cannot be in the past"))
        return value


class LoginForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "username"})
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class RegisterForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(label=_("Email"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(
        label=_("Password"),
        max_length=128,
        strip=False,
        help_text=_("At least 8 characters; not only digits and not a common word."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def add_service_errors(self, exc: ValidationError) -> None:
        add_service_errors(self, exc)
