"""The admin's sign-in, limited like the site's: attempts per IP (counted with the API's and the
site's logins) and per account (whatever IP they come from), in the shared cache. Over a limit,
the admin's own login page says so, in the visitor's language, with 429 and Retry-After."""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from apps.core import ratelimit


def _account_key(group, request) -> str:
    return "account:" + (request.POST.get("username") or "").strip().lower()[:254]


def admin_login(request):
    if request.method != "POST":
        return admin.site.login(request)
    _land_in_the_admin(request)
    usages = [
        ratelimit.check(request, group="login", rate=settings.RATELIMIT_LOGIN),
        ratelimit.check(request, group="admin-login-account", rate=settings.RATELIMIT_LOGIN_ACCOUNT, key=_account_key),
    ]
    limited = [usage for usage in usages if usage and usage["should_limit"]]
    if not limited:
        return admin.site.login(request)
    usage = ratelimit.tightest(limited)
    response = _login_page_saying(request, _limit_message(usage))
    response.status_code = 429
    for header, value in ratelimit.headers_for(usage).items():
        response[header] = value
    return response


def _land_in_the_admin(request) -> None:
    """A sign-in goes where `next` says when that is a safe address here; without one (or with
    an unsafe one) it lands on the admin's index, not on LOGIN_REDIRECT_URL (the site's home)."""
    wanted = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME) or ""
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    data = request.POST.copy()
    data[REDIRECT_FIELD_NAME] = wanted if safe else reverse("admin:index", current_app=admin.site.name)
    request.POST = data


def _limit_message(usage: dict) -> str:
    minutes = (ratelimit.retry_after(usage) + 59) // 60
    return _("Too many sign-in attempts. Please try again in %(minutes)d min.") % {"minutes": minutes}


def _login_page_saying(request, message: str):
    """The admin's login page (as AdminSite.login renders it) with `message` as the form's error;
    the password is not checked."""

    class RefusedForm(AdminAuthenticationForm):
        def clean(self):
            raise ValidationError(message, code="rate_limited")

    context = {
        **admin.site.each_context(request),
        "title": _("Log in"),
        "subtitle": None,
        "app_path": request.get_full_path(),
        "username": request.user.get_username(),
    }
    if REDIRECT_FIELD_NAME not in request.GET and REDIRECT_FIELD_NAME not in request.POST:
        context[REDIRECT_FIELD_NAME] = reverse("admin:index", current_app=admin.site.name)
    request.current_app = admin.site.name
    view = LoginView.as_view(
        authentication_form=RefusedForm,
        extra_context=context,
        template_name=admin.site.login_template or "admin/login.html",
    )
    return view(request)
