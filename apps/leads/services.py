"""Writes for the sales pipeline. The one path used by the API, the admin, the site forms,
imports and (later) the webhooks: there is exactly one way to create a lead."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.events import emit
from apps.core.phones import normalize_phone
from apps.core.validation import full_clean

from . import selectors
from .events import contact_data, lead_data
from .models import (
    ActivityKind,
    ContactMessage,
    ContactMessageStatus,
    Lead,
    LeadActivity,
    LeadSource,
    LeadStatus,
)

logger = logging.getLogger(__name__)

LEAD_FIELDS = {"name", "email", "phone", "status", "source", "service_interest", "notes", "assigned_to", "language"}


def clean_contact(*, name: str, email: str, phone: str, errors: dict | None = None) -> tuple[str, str, str]:
    """Trimmed name, lower-cased email, E.164 phone; per-field ValidationError (together with any
    `errors` the caller has already found) when the name is missing or neither contact is given."""
    errors = dict(errors or {})
    name = (name or "").strip()
    email = (email or "").strip().lower()
    try:
        phone = normalize_phone(phone)
    except ValidationError as exc:
        errors["phone"] = exc.messages
        phone = ""
    if not name:
        errors["name"] = [_("This field is required.")]
    if not email and not phone and "phone" not in errors:
        errors["email"] = [_("Give an email or a phone number")]
    if errors:
        raise ValidationError(errors)
    return name, email, phone


def activity_add(*, lead: Lead, kind: str, text: str = "", params: dict | None = None, author=None) -> LeadActivity:
    """A new timeline entry. System entries give `params` (codes and ids; rendered in the reader's
    language by `LeadActivity.message`); `text` is only what a person wrote."""
    activity = LeadActivity(
        lead=lead, kind=kind, text=text, params=params or {}, author=author if _is_user(author) else None
    )
    # The lead and the author are instances in hand: no query to check that they exist (saving an
    # unsaved one is refused by Django anyway).
    full_clean(activity, exclude=["lead", "author"])
    activity.save()
    return activity


def _manager_params(manager) -> dict:
    if manager is None:
        return {"manager_id": None, "manager": ""}
    return {"manager_id": manager.pk, "manager": str(manager)}


def _is_user(author) -> bool:
    return author is not None and getattr(author, "is_authenticated", False)


@transaction.atomic
def lead_create(**fields) -> Lead:
    """A new lead with its timeline entry and its `lead.created` event, in one transaction. Takes the
    fields of `_lead_create`; `notify=False` skips the managers' email (bulk imports)."""
    return _lead_create(**fields)


def _lead_create(
    *,
    name: str,
    email: str = "",
    phone: str = "",
    source: str = LeadSource.API,
    service_interest: str = "",
    notes: str = "",
    assigned_to=None,
    language: str = "ru",
    author=None,
    notify: bool = True,
) -> Lead:
    """`notify=False` skips the managers' email (bulk imports: one lead, one email would flood them);
    the `lead.created` event is written either way."""
    name, email, phone = clean_contact(name=name, email=email, phone=phone)
    lead = Lead(
        name=name,
        email=email,
        phone=phone,
        source=source or LeadSource.API,
        service_interest=service_interest or "",
        notes=notes or "",
        assigned_to=assigned_to,
        language=language or "ru",
    )
    full_clean(lead)
    lead.save()
    # A new lead has no project and no visit source yet (reverse one-to-ones): known without a query
    # when its answer is written. Making either later fills this cache in through Django.
    for relation in Lead._meta.related_objects:
        if relation.one_to_one:
            relation.set_cached_value(lead, None)
    activity_add(
        lead=lead,
        kind=ActivityKind.CREATED,
        params={"source": lead.source},
        author=author,
    )
    if assigned_to is not None:
        activity_add(
            lead=lead,
            kind=ActivityKind.ASSIGNMENT,
            params=_manager_params(assigned_to),
            author=author,
        )
    emit("lead.created", lead_data(lead), meta={"notify": notify})
    return lead


@transaction.atomic
def lead_create_or_link(**fields) -> tuple[Lead, bool]:
    """An inquiry that links to the open lead of its email or phone, or makes a new one, in one
    transaction; see `_lead_create_or_link`. Returns (lead, created)."""
    return _lead_create_or_link(**fields)


def _lead_create_or_link(
    *,
    name: str,
    email: str = "",
    phone: str = "",
    source: str,
    service_interest: str = "",
    notes: str = "",
    language: str = "ru",
    inquiry: str = "",
    author=None,
    notify: bool = True,
    fill_blanks: bool = False,
) -> tuple[Lead, bool]:
    """An inquiry from an email or phone that already has an open lead links to it; otherwise a
    new lead is made. Returns (lead, created).

    A linked inquiry never changes the stored lead unless `fill_blanks` (staff only): whoever knows
    a client's email must not be able to attach a phone number to them. Contact details that
    differ from the lead go on its timeline for a manager to check and accept."""
    name, email, phone = clean_contact(name=name, email=email, phone=phone)
    existing = selectors.lead_find_open(email=email, phone=phone, for_update=True)
    if existing is None:
        lead = _lead_create(  # in this transaction already: no savepoint
            name=name,
            email=email,
            phone=phone,
            source=source,
            service_interest=service_interest,
            notes=notes,
            language=language,
            author=author,
            notify=notify,
        )
        return lead, True
    changed = []
    if fill_blanks:
        for field, value in (("email", email), ("phone", phone), ("service_interest", service_interest)):
            if value and not getattr(existing, field):
                setattr(existing, field, value)
                changed.append(field)
    if changed:
        existing.save(update_fields=[*changed, "updated_at"])
    emit("lead.updated", lead_data(existing, changed=changed, inquiry=True))
    offered = {
        field: value
        for field, value in (("name", name), ("email", email), ("phone", phone))
        if value and field not in changed and value != getattr(existing, field)
    }
    activity_add(
        lead=existing,
        kind=ActivityKind.INQUIRY,
        text=(inquiry or notes)[: LeadActivity.text.field.max_length],
        params={"source": source, **({"offered": offered} if offered else {})},
        author=author,
    )
    return existing, False


@transaction.atomic
def lead_update(*, lead: Lead, data: dict, actor=None) -> Lead:
    """Partial update: only the keys in `data` change. Status changes and (re)assignments are
    written to the timeline. `converted` is reached only through `lead_convert`."""
    unknown = set(data) - LEAD_FIELDS
    if unknown:
        raise ValueError(f"Unknown lead fields: {sorted(unknown)}")
    new_status = data.get("status", lead.status)
    if new_status == LeadStatus.CONVERTED and lead.status != LeadStatus.CONVERTED:
        raise ValidationError({"status": [_("A lead becomes converted only by converting it into a project")]})
    if lead.status == LeadStatus.CONVERTED and new_status != LeadStatus.CONVERTED:
        raise ValidationError({"status": [_("A converted lead keeps its status")]})
    if {"name", "email", "phone"} & set(data):
        name, email, phone = clean_contact(
            name=data.get("name", lead.name), email=data.get("email", lead.email), phone=data.get("phone", lead.phone)
        )
        data = {**data, "name": name, "email": email, "phone": phone}
    old_status, old_manager = lead.status, lead.assigned_to
    before = {field: getattr(lead, field) for field in data}
    for field, value in data.items():
        setattr(lead, field, value if value is not None or field == "assigned_to" else "")
    full_clean(lead)
    lead.save()
    changed = sorted(field for field in data if getattr(lead, field) != before[field])
    if changed:
        emit("lead.updated", lead_data(lead, changed=changed))
    if lead.status != old_status:
        activity_add(
            lead=lead,
            kind=ActivityKind.STATUS_CHANGE,
            params={"old": str(old_status), "new": str(lead.status)},
            author=actor,
        )
    if "assigned_to" in data and lead.assigned_to != old_manager:
        activity_add(
            lead=lead,
            kind=ActivityKind.ASSIGNMENT,
            params=_manager_params(lead.assigned_to),
            author=actor,
        )
    return lead


def lead_assign(*, lead: Lead, manager, actor=None) -> Lead:
    if manager is not None and getattr(manager, "role", None) not in ("admin", "manager"):
        raise ValidationError({"assigned_to": [_("Leads are assigned to managers and admins only")]})
    return lead_update(lead=lead, data={"assigned_to": manager}, actor=actor)


def lead_set_status(*, lead: Lead, status: str, actor=None) -> Lead:
    return lead_update(lead=lead, data={"status": status}, actor=actor)


def lead_add_note(*, lead: Lead, text: str, kind: str = ActivityKind.NOTE, author=None) -> LeadActivity:
    if not (text or "").strip():
        raise ValidationError({"text": [_("This field is required.")]})
    return activity_add(lead=lead, kind=kind, text=text.strip(), author=author)


def lead_delete(*, lead: Lead) -> None:
    lead.delete()


# --- Contact messages --------------------------------------------------------------------------


@transaction.atomic
def contact_message_create(
    *,
    name: str,
    message: str,
    email: str = "",
    phone: str = "",
    subject: str = "",
    project_type: str = "",
    budget: str = "",
    service_interest: str = "",
    source: str = LeadSource.CONTACT_FORM,
    language: str = "ru",
    ip: str | None = None,
    user_agent: str = "",
) -> ContactMessage:
    """Store the inquiry as sent and find or create its lead, in one transaction."""
    errors = {} if (message or "").strip() else {"message": [_("This field is required.")]}
    name, email, phone = clean_contact(name=name, email=email, phone=phone, errors=errors)
    lead, _created = lead_create_or_link(
        name=name,
        email=email,
        phone=phone,
        source=source,
        service_interest=service_interest,
        notes=message.strip()[:5000],
        language=language,
        inquiry=message.strip()[:5000],
    )
    contact = ContactMessage(
        name=name,
        email=email,
        phone=phone,
        subject=subject or "",
        message=message.strip(),
        project_type=project_type or "",
        budget=budget or "",
        source=source,
        language=language or "ru",
        lead=lead,
        ip=ip or None,
        user_agent=(user_agent or "")[:300],
    )
    full_clean(contact)
    contact.save()
    emit("contact.created", contact_data(contact))
    return contact


@transaction.atomic
def contact_message_set_status(*, contact: ContactMessage, status: str, actor=None) -> ContactMessage:
    if status not in ContactMessageStatus.values:
        raise ValidationError({"status": [_("Unknown status")]})
    if contact.status == status:
        return contact
    now = timezone.now()
    contact.status = status
    if status == ContactMessageStatus.READ and contact.read_at is None:
        contact.read_at = now
    if status == ContactMessageStatus.REPLIED and contact.replied_at is None:
        contact.replied_at = now
    contact.save(update_fields=["status", "read_at", "replied_at", "updated_at"])
    emit("contact.updated", contact_data(contact))
    return contact


def contact_message_mark_read(*, contact: ContactMessage, actor=None) -> ContactMessage:
    """Opening a new message marks it read; anything further along stays as it is."""
    if contact.status == ContactMessageStatus.NEW:
        return contact_message_set_status(contact=contact, status=ContactMessageStatus.READ, actor=actor)
    return contact


@transaction.atomic
def contact_message_reply(*, contact: ContactMessage, subject: str, body: str, actor) -> ContactMessage:
    """Email a reply to the sender; the message becomes `replied` and the lead's timeline shows it."""
    from django.core.mail import EmailMessage

    if not contact.email:
        raise ValidationError({"email": [_("This message has no email address to reply to")]})
    if not (body or "").strip():
        raise ValidationError({"body": [_("This field is required.")]})
    contact_message_set_status(contact=contact, status=ContactMessageStatus.REPLIED, actor=actor)
    if contact.lead_id:
        activity_add(lead=contact.lead, kind=ActivityKind.EMAIL, text=f"{subject}\n\n{body}", author=actor)
    # Sent last, still inside the transaction: an email that fails rolls the record of it back.
    reply_to = getattr(actor, "email", "")
    EmailMessage(subject=subject, body=body, to=[contact.email], reply_to=[reply_to] if reply_to else None).send()
    return contact


# --- API submissions ---------------------------------------------------------------------------


@transaction.atomic
def lead_submit(
    *,
    name: str,
    email: str = "",
    phone: str = "",
    source: str,
    service_interest: str = "",
    notes: str = "",
    assigned_to=None,
    language: str = "ru",
    author=None,
) -> tuple[Lead, bool]:
    """A lead sent through the API (POST /api/v1/leads, /api/leads). Duplicate detection: an
    email or phone that already has an open lead links the inquiry to it instead of making a
    second lead; only staff fill the linked lead's blank fields. A manager named in the request
    takes the lead if nobody has it yet. Returns (lead, created)."""
    is_staff = getattr(author, "role", None) in ("admin", "manager")
    lead, created = _lead_create_or_link(  # in this transaction already: no savepoint
        fill_blanks=is_staff,
        name=name,
        email=email,
        phone=phone,
        source=source,
        service_interest=service_interest,
        notes=notes,
        language=language,
        author=author,
    )
    if assigned_to is not None and lead.assigned_to_id is None and (created or is_staff):
        lead = lead_assign(lead=lead, manager=assigned_to, actor=author)
    return lead, created
