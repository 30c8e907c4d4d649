"""The admin's look and navigation (django-unfold): the CRM back office of BaiMuras."""

from django.urls import reverse_lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def _can(permission: str):
    """A sidebar item shows only to those who may open it (the Managers group, admins)."""
    return lambda request: request.user.has_perm(permission)


NAVIGATION = [
    {
        "title": _("CRM"),
        "separator": False,
        "items": [
            {
                "title": _("Today"),
                "icon": "dashboard",
                "link": reverse_lazy("admin:index"),
            },
            {
                "title": pgettext_lazy("record search", "Search"),
                "icon": "search",
                "link": reverse_lazy("crm-search"),  # the page that works without JavaScript
            },
            {
                "title": _("Leads"),
                "icon": "person_search",
                "link": reverse_lazy("admin:leads_lead_changelist"),
                "badge_key": "leads",
                "permission": _can("leads.view_lead"),
            },
            {
                "title": _("Lead board"),
                "icon": "view_kanban",
                "link": reverse_lazy("crm-board", args=["leads"]),
                "permission": _can("leads.view_lead"),
            },
            {
                "title": _("Contact messages"),
                "icon": "mail",
                "link": reverse_lazy("admin:leads_contactmessage_changelist"),
                "badge_key": "messages",
                "permission": _can("leads.view_contactmessage"),
            },
            {
                "title": _("Consultations"),
                "icon": "event",
                "link": reverse_lazy("admin:consultations_consultation_changelist"),
                "permission": _can("consultations.view_consultation"),
            },
            {
                "title": _("Calendar"),
                "icon": "calendar_month",
                "link": reverse_lazy("crm-calendar"),
                "permission": _can("consultations.view_consultation"),
            },
            {
                "title": _("Projects"),
                "icon": "architecture",
                "link": reverse_lazy("admin:projects_project_changelist"),
                "permission": _can("projects.view_project"),
            },
            {
                "title": _("Project board"),
                "icon": "view_kanban",
                "link": reverse_lazy("crm-board", args=["projects"]),
                "permission": _can("projects.view_project"),
            },
            {
                "title": _("Tasks"),
                "icon": "task_alt",
                "link": reverse_lazy("admin:crm_task_changelist"),
                "permission": _can("crm.view_task"),
            },
        ],
    },
    {
        "title": _("Website"),
        "separator": True,
        "items": [
            {
                "title": _("Pages"),
                "icon": "web",
                "link": reverse_lazy("admin:site_page_changelist"),
                "permission": _can("site.view_page"),
            },
            {
                "title": _("Service pages"),
                "icon": "design_services",
                "link": reverse_lazy("admin:site_servicepage_changelist"),
                "permission": _can("site.view_servicepage"),
            },
            {
                "title": _("Blog posts"),
                "icon": "article",
                "link": reverse_lazy("admin:site_blogpost_changelist"),
                "permission": _can("site.view_blogpost"),
            },
            {
                "title": _("Questions and answers"),
                "icon": "quiz",
                "link": reverse_lazy("admin:site_faqitem_changelist"),
                "permission": _can("site.view_faqitem"),
            },
            {
                "title": _("Company details"),
                "icon": "storefront",
                "link": reverse_lazy("admin:site_companydetails_changelist"),
                "permission": _can("site.view_companydetails"),
            },
        ],
    },
    {
        "title": _("Portfolio"),
        "separator": True,
        "items": [
            {
                "title": _("Portfolio projects"),
                "icon": "photo_library",
                "link": reverse_lazy("admin:portfolio_portfolioproject_changelist"),
                "permission": _can("portfolio.view_portfolioproject"),
            },
            {
                "title": capfirst(_("reviews")),
                "icon": "reviews",
                "link": reverse_lazy("admin:portfolio_review_changelist"),
                "permission": _can("portfolio.view_review"),
            },
            {
                "title": _("Uploaded files"),
                "icon": "folder",
                "link": reverse_lazy("admin:files_uploadedfile_changelist"),
                "permission": _can("files.view_uploadedfile"),
            },
        ],
    },
    {
        "title": _("Accounts"),
        "separator": True,
        "items": [
            {
                "title": _("Users"),
                "icon": "group",
                "link": reverse_lazy("admin:accounts_user_changelist"),
                "permission": _can("accounts.view_user"),
            },
            {
                "title": _("API keys"),
                "icon": "key",
                "link": reverse_lazy("admin:accounts_apikey_changelist"),
                "permission": _can("accounts.view_apikey"),
            },
            {
                "title": capfirst(_("API logins")),  # the model's plural name, lower-case in ru
                "icon": "login",
                "link": reverse_lazy("admin:accounts_authsession_changelist"),
                "permission": _can("accounts.view_authsession"),
            },
        ],
    },
    {
        "title": _("Integrations"),
        "separator": True,
        "items": [
            {
                "title": _("Webhooks"),
                "icon": "webhook",
                "link": reverse_lazy("admin:webhooks_webhooksubscription_changelist"),
                "permission": _can("webhooks.view_webhooksubscription"),
            },
            {
                "title": _("Webhook deliveries"),
                "icon": "send",
                "link": reverse_lazy("admin:webhooks_webhookdelivery_changelist"),
                "permission": _can("webhooks.view_webhookdelivery"),
            },
            {
                "title": _("Inbound webhooks"),
                "icon": "call_received",
                "link": reverse_lazy("admin:webhooks_webhookevent_changelist"),
                "permission": _can("webhooks.view_webhookevent"),
            },
            {
                "title": _("Events"),
                "icon": "bolt",
                "link": reverse_lazy("admin:core_event_changelist"),
                "permission": _can("core.view_event"),
            },
        ],
    },
]


def _navigation(request) -> list[dict]:
    """The menu with its badges: a badge shows only when it counts something (Unfold would draw
    an empty one for a callback that returns nothing)."""
    from apps.crm.dashboard import sidebar_badges

    badges = sidebar_badges(request)
    groups = []
    for group in NAVIGATION:
        items = []
        for item in group["items"]:
            entry = {key: value for key, value in item.items() if key != "badge_key"}
            if badge := badges.get(item.get("badge_key", ""), ""):
                entry["badge"] = badge  # not a dotted path, so Unfold shows it as it is
            items.append(entry)
        groups.append({**group, "items": items})
    return groups


UNFOLD: dict = {
    "SITE_TITLE": _("BaiMuras CRM"),
    "SITE_HEADER": _("BaiMuras CRM"),
    "SITE_SUBHEADER": _("Back office"),
    "SITE_SYMBOL": "chair",
    "SITE_URL": "/",
    "SHOW_HISTORY": True,
    "SHOW_VIEW_ON_SITE": False,
    "SHOW_LANGUAGES": True,
    "LANGUAGES": {"action": "apps.crm.dashboard.language_switch_url"},
    "DASHBOARD_CALLBACK": "apps.crm.dashboard.dashboard_callback",
    "SIDEBAR": {
        "show_search": True,
        "command_search": True,  # the sidebar's box opens the command palette (also Ctrl+K): records too
        "show_all_applications": lambda request: request.user.is_superuser,  # groups and the rest
        "navigation": _navigation,
    },
    "COMMAND": {
        # Leads, contact messages, projects, consultations and users by name, email or phone, as
        # the viewer's permissions allow (apps.crm.search), after the menu items Unfold finds.
        "search_callback": "apps.crm.search.command_search",
        "search_models": False,  # Unfold's own model search reads every match, unbounded
        "show_history": False,
    },
}
