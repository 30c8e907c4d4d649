"""Record search of the back office: one box finds leads, contact messages, client projects,
consultations and users by name, email and phone, the phone written any way ("8 777 123 45 67"
finds +77771234567). Reads only: the page /admin/crm/search/ and the admin's command palette
(Unfold's `COMMAND["search_callback"]`) both call `record_search`.

Each kind is searched only by those whose admin permissions let them view it, with one query per
kind however many records match. Case is ignored in every alphabet: PostgreSQL compares
UPPER() of both sides; on SQLite, whose LIKE folds ASCII only, `apps.core.sqlite` installs a
Unicode-aware LIKE, so "мария" finds "Мария" on both."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Model, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from apps.accounts.models import User
from apps.consultations.models import Consultation
from apps.core.phones import format_phone, phone_search_q
from apps.leads.models import ContactMessage, Lead
from apps.projects.models import Project

MIN_QUERY_LENGTH = 2
MAX_QUERY_LENGTH = 100
PER_KIND = 10


@dataclass(frozen=True)
class Kind:
    key: str
    model: type[Model]
    text_fields: tuple[str, ...]
    phone_fields: tuple[str, ...]
    icon: str
    related: tuple[str, ...] = ()

    @property
    def permission(self) -> str:
        return f"{self.model._meta.app_label}.view_{self.model._meta.model_name}"

    def admin_url(self, view: str, *args) -> str:
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


KINDS = (
    Kind("leads", Lead, ("name", "email"), ("phone",), "person_search", ("assigned_to",)),
    Kind("messages", ContactMessage, ("name", "email", "subject"), ("phone",), "mail"),
    Kind("projects", Project, ("name", "client_name", "client_email"), ("client_phone",), "architecture", ("manager",)),
    Kind("consultations", Consultation, ("name", "email"), ("phone",), "event", ("assigned_to",)),
    Kind("users", User, ("name", "email"), (), "group"),
)


@dataclass
class Hit:
    title: str
    url: str
    details: list[str] = field(default_factory=list)
    phone: str = ""  # E.164, shown with its call and WhatsApp links

    @property
    def details_text(self) -> str:
        return " · ".join(part for part in self.details if part)

    @property
    def summary(self) -> str:
        return " · ".join(part for part in [format_phone(self.phone), self.details_text] if part)


@dataclass
class Group:
    key: str
    label: str
    icon: str
    hits: list[Hit]
    more: bool  # more records match than are shown: the list's own search has them all
    list_url: str


def clean_query(query: str | None) -> str:
    return " ".join(str(query or "").split())[:MAX_QUERY_LENGTH]


def matching(kind: Kind, query: str) -> Q:
    """Every word in one of the kind's text fields, or the whole query as a phone number."""
    text = Q()
    for word in query.split():
        any_field = Q()
        for name in kind.text_fields:
            any_field |= Q(**{f"{name}__icontains": word})
        text &= any_field
    phones = phone_search_q(query, kind.phone_fields)
    return text | phones if phones is not None else text


def record_search(*, user, query: str, per_kind: int = PER_KIND) -> list[Group]:
    """The kinds with records matching `query` that `user` may view, each with its newest
    `per_kind` matches. Nothing for a query shorter than two characters or a user who is not
    active staff."""
    query = clean_query(query)
    if len(query) < MIN_QUERY_LENGTH or not (user.is_active and user.is_staff):
        return []
    groups = []
    for kind in KINDS:
        if not user.has_perm(kind.permission):
            continue
        records = kind.model._default_manager.filter(matching(kind, query))
        if kind.related:
            records = records.select_related(*kind.related)
        found = list(records.order_by("-created_at", "-pk")[: per_kind + 1])
        if not found:
            continue
        groups.append(
            Group(
                key=kind.key,
                label=capfirst(str(kind.model._meta.verbose_name_plural)),
                icon=kind.icon,
                hits=[_hit(kind, record) for record in found[:per_kind]],
                more=len(found) > per_kind,
                list_url=kind.admin_url("changelist") + "?" + urlencode({"q": query}),
            )
        )
    return groups


def _person(user) -> str:
    return (user.name or user.email) if user is not None else ""


def _day(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "d.m.Y H:i") if moment else ""


def _hit(kind: Kind, record) -> Hit:
    url = kind.admin_url("change", record.pk)
    if isinstance(record, Lead):
        return Hit(
            record.name,
            url,
            [str(record.get_status_display()), record.email, _person(record.assigned_to)],
            phone=record.phone,
        )
    if isinstance(record, ContactMessage):
        about = Truncator(record.subject or record.message).chars(60)
        return Hit(record.name, url, [str(record.get_status_display()), about, _day(record.created_at)], record.phone)
    if isinstance(record, Project):
        client = record.client_name or record.client_email
        return Hit(
            record.name,
            url,
            [str(record.get_status_display()), client, _person(record.manager)],
            phone=record.client_phone,
        )
    if isinstance(record, Consultation):
        when = _day(record.scheduled_at) or (
            formats.date_format(record.preferred_date, "d.m.Y") if record.preferred_date else ""
        )
        return Hit(
            record.name,
            url,
            [str(record.get_status_display()), when, record.email, _person(record.assigned_to)],
            phone=record.phone,
        )
    return Hit(record.name or record.email, url, [record.email, str(record.get_role_display())])


def search_page_url(query: str) -> str:
    return reverse("crm-search") + "?" + urlencode({"q": clean_query(query)})


def command_search(request, search_term: str) -> list:
    """The admin's command palette (Ctrl+K, and the sidebar's search box): the records first,
    then a link to the page with every group. Unfold adds the matching menu items itself."""
    from unfold.dataclasses import SearchResult

    results = [
        SearchResult(title=hit.title, description=f"{group.label} · {hit.summary}", link=hit.url, icon=group.icon)
        for group in record_search(user=request.user, query=search_term)
        for hit in group.hits
    ]
    if results:
        results.append(
            SearchResult(
                title=_("All results for “%(query)s”") % {"query": clean_query(search_term)},
                description=pgettext("record search", "Search"),
                link=search_page_url(search_term),
                icon="manage_search",
            )
        )
    return results
