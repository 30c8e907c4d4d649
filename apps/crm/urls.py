"""`/crm/leads` and `/crm/projects`: short addresses of the admin's lead and project lists (contract
§12), the language switch of the admin's menu, and the managers' calendar feeds
(`/crm/calendar/<token>.ics`). Mounted by baimuras/urls.py as
`path("crm/", include("apps.crm.urls"))`."""

from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import redirect
from django.urls import path, re_path
from django.views.i18n import set_language

from .views import calendar_feed_view


def _to(changelist: str):
    @staff_member_required  # anonymous (and non-staff) users go to the admin login with ?next=
    def view(request):
        return redirect(f"admin:{changelist}_changelist")

    view.__name__ = f"crm_{changelist}"
    return view


urlpatterns = [
    re_path(r"^leads/?$", _to("leads_lead"), name="crm-leads"),
    re_path(r"^projects/?$", _to("projects_project"), name="crm-projects"),
    path("set-language/", set_language, name="crm-set-language"),
    # A manager's calendar for their phone: public, the token is the credential (views.calendar_feed_view).
    re_path(r"^calendar/(?P<token>[A-Za-z0-9_-]{20,64})\.ics$", calendar_feed_view, name="crm-calendar-feed"),
]
