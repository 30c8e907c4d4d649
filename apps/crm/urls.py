"""`/crm/leads` and `/crm/projects`: short addresses of the admin's lead and project lists (contract
§12), and the language switch of the admin's menu. Mounted by baimuras/urls.py as
`path("crm/", include("apps.crm.urls"))`."""

from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import redirect
from django.urls import path, re_path
from django.views.i18n import set_language


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
]
