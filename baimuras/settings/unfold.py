"""The admin's look and navigation (django-unfold): the CRM back office of BaiMuras."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _


def _can(permission: str):
    """A sidebar item shows only to those who may open it (the Managers group, admins)."""
    return lambda request: request.user.has_perm(permission)


UNFOLD: dict = {
    "SITE_TITLE": _("BaiMuras CRM"),
    "SITE_HEADER": _("BaiMuras CRM"),
    "SITE_SUBHEADER": _("Furniture, design bureau, academy"),
    "SITE_SYMBOL": "chair",
    "SITE_URL": "/",
    "SHOW_HISTORY": True,
    "SHOW_VIEW_ON_SITE": False,
    "SHOW_LANGUAGES": True,
    "LANGUAGES": {"action": "apps.leads.dashboard.language_switch_url"},
    "DASHBOARD_CALLBACK": "apps.leads.dashboard.dashboard_callback",
    "SIDEBAR": {
        "show_search": True,
        "show_all_applications": lambda request: request.user.is_superuser,  # groups and the rest
        "navigation": [
            {
                "title": _("CRM"),
                "separator": False,
                "items": [
                    {
                        "title": _("Dashboard"),
                        "icon": "dashboard",
                        "link": reverse_lazy("admin:index"),
                    },
                    {
                        "title": _("Leads"),
                        "icon": "person_search",
                        "link": reverse_lazy("admin:leads_lead_changelist"),
                        "badge": "apps.leads.dashboard.badge_unassigned_leads",
                        "permission": _can("leads.view_lead"),
                    },
                    {
                        "title": _("Contact messages"),
                        "icon": "mail",
                        "link": reverse_lazy("admin:leads_contactmessage_changelist"),
                        "badge": "apps.leads.dashboard.badge_new_messages",
                        "permission": _can("leads.view_contactmessage"),
                    },
                    {
                        "title": _("Consultations"),
                        "icon": "event",
                        "link": reverse_lazy("admin:consultations_consultation_changelist"),
                        "permission": _can("consultations.view_consultation"),
                    },
                    {
                        "title": _("Projects"),
                        "icon": "architecture",
                        "link": reverse_lazy("admin:projects_project_changelist"),
                        "permission": _can("projects.view_project"),
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
                        "title": _("API logins"),
                        "icon": "login",
                        "link": reverse_lazy("admin:accounts_authsession_changelist"),
                        "permission": _can("accounts.view_authsession"),
                    },
                ],
            },
        ],
    },
}
