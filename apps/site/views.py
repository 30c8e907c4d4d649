"""The public site (contract §12): pages, forms, the language switch, sign-in and dashboards.

Thin views: a form parses, a service writes, a selector reads, a template renders. The forms
that clients also post as JSON (/contact, /consultation, /register, /login, /logout,
/set-language) answer JSON to JSON and accept it without a CSRF token — a cross-site page cannot
send `application/json` without a CORS preflight, and these paths answer none — while any other
body must carry the token (contract §12)."""

import logging
import secrets
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from apps.accounts import services as account_services
from apps.accounts.api.serializers import UserSerializer
from apps.accounts.models import Role, User
from apps.analytics import dashboard as analytics_dashboard
from apps.consultations.services import consultation_request
from apps.core import jsonbody, ratelimit
from apps.core import structured_data as ld
from apps.core.exceptions import error_json_response
from apps.core.inquiries import inquiry_note
from apps.core.net import client_ip
from apps.core.timeutils import to_utc_iso, utc_now_iso
from apps.leads.models import ServiceInterest
from apps.leads.services import contact_message_create
from apps.portfolio import selectors as portfolio_selectors

from . import selectors, services
from . import structured_data as site_ld
from .forms import ConsultationForm, ContactForm, LoginForm, RegisterForm
from .languages import JSON_CODE, normalize_language
from .middleware import LANG_PARAM, set_language_cookie
from .models import SERVICE_INTEREST_OF, PageKey, ServiceSlug

logger = logging.getLogger(__name__)

BLOG_PAGE_SIZE = 9
STAFF_ROLES = (Role.ADMIN, Role.MANAGER)


# --- Pages -------------------------------------------------------------------------------------


def _seo(title: str, description: str = "", *, kind: str = "website", illustration: str = "") -> dict:
    """The page's <title> ("… — BaiMuras"), meta description, Open Graph type and, for a page with
    its own drawing, the image a shared link shows (the layout falls back to the brand card)."""
    seo = {"title": f"{title} — BaiMuras", "description": description, "type": kind}
    if illustration:
        seo["image"] = static(f"img/site/{illustration}-1200.png")
    return seo


def _page_context(key: str, default_title: str) -> dict:
    page = selectors.page_get(key=key)
    title = (page.meta_title or page.title) if page else default_title
    description = page.meta_description if page else ""
    return {"page": page, "seo": _seo(title, description)}


def _breadcrumbs(request, *items: tuple[str, str]) -> dict:
    """BreadcrumbList from the home page to this one; `items` are (name, path)."""
    trail = [(pgettext("breadcrumbs", "Home"), "/"), *items]
    return ld.breadcrumb_list([(name, request.build_absolute_uri(path)) for name, path in trail])


def _faq_data(items) -> dict | None:
    return ld.faq_page([(item.question, item.answer) for item in items])


def _reviews(*, service: str | None = None, limit: int = 6) -> tuple[list, dict]:
    return list(portfolio_selectors.review_list(service=service)[:limit]), portfolio_selectors.review_summary(
        service=service
    )


@require_safe
def home(request):
    context = _page_context(PageKey.HOME, _("Furniture and interiors made to measure"))
    page = context["page"]
    context["seo"]["title"] = "BaiMuras — " + (
        (page.meta_title or page.title) if page else _("Furniture and interiors made to measure")
    )
    context["services"] = selectors.service_page_list()
    context["posts"] = selectors.blog_post_list()[:3]
    reviews, summary = _reviews()
    context.update(reviews=reviews, review_summary=summary, show_review_projects=True)
    context["business_reviews"] = site_ld.reviews_and_rating(reviews, summary)
    return render(request, "site/home.html", context)


@require_safe
def about(request):
    context = _page_context(PageKey.ABOUT, _("About us"))
    context["seo"]["image"] = static("img/site/workshop-1200.png")
    context["structured_data"] = [_breadcrumbs(request, (_("About us"), reverse("site:about")))]
    return render(request, "site/about.html", context)


@require_safe
def services_overview(request):
    context = _page_context(PageKey.SERVICES, _("Services"))
    context["services"] = selectors.service_page_list()
    context["faq"] = selectors.general_faq()
    context["structured_data"] = [
        _breadcrumbs(request, (_("Services"), reverse("site:services"))),
        _faq_data(context["faq"]),
    ]
    return render(request, "site/services.html", context)


@require_safe
def service_detail(request, slug: str):
    service = selectors.service_page_get(slug=slug)
    if service is None:
        raise Http404
    form = ConsultationForm(initial={"service_type": service.service_interest})
    faq = selectors.service_faq(service=service)
    reviews, summary = _reviews(service=service.slug)
    review_nodes, rating = site_ld.reviews_and_rating(reviews, summary)
    url = request.build_absolute_uri(service.get_absolute_url())
    company = selectors.company_details()
    context = {
        "service": service,
        "others": [s for s in selectors.service_page_list() if s.pk != service.pk],
        "posts": service.posts.published()[:2],
        "form": form,
        "faq": faq,
        "reviews": reviews,
        "review_summary": summary,
        "show_review_projects": True,
        "seo": _seo(
            service.meta_title or service.title,
            service.meta_description or service.tagline,
            illustration=service.illustration,
        ),
        "structured_data": [
            _breadcrumbs(
                request, (_("Services"), reverse("site:services")), (service.title, service.get_absolute_url())
            ),
            site_ld.service(
                service,
                url=url,
                site_url=request.build_absolute_uri("/"),
                company=company,
                reviews=review_nodes,
                rating=rating,
            ),
            _faq_data(faq),
        ],
    }
    return render(request, "site/service_detail.html", context)


@require_safe
def blog_list(request):
    context = _page_context(PageKey.BLOG, _("Blog"))
    page_obj = Paginator(selectors.blog_post_list(), BLOG_PAGE_SIZE).get_page(request.GET.get("page"))
    context.update(page_obj=page_obj, posts=page_obj.object_list)
    context["structured_data"] = [_breadcrumbs(request, (_("Blog"), reverse("site:blog")))]
    return render(request, "site/blog_list.html", context)


@require_safe
def blog_post(request, slug: str):
    post = selectors.blog_post_get(slug=slug)
    if post is None:
        raise Http404
    context = {
        "post": post,
        "more": selectors.blog_post_list().exclude(pk=post.pk)[:3],
        "seo": _seo(post.title, post.meta_description or post.excerpt, kind="article", illustration=post.illustration),
        "structured_data": [
            _breadcrumbs(request, (_("Blog"), reverse("site:blog")), (post.title, post.get_absolute_url()))
        ],
    }
    return render(request, "site/blog_post.html", context)


# --- JSON or form, CSRF ------------------------------------------------------------------------


class BadJson(Exception):
    pass


def is_json_request(request) -> bool:
    return request.content_type.split(";")[0].strip().lower() == "application/json"


def _wants_json(request) -> bool:
    return is_json_request(request) or (request.accepts("application/json") and not request.accepts("text/html"))


def _csrf_denied(request):
    """The 403 of Django's CSRF check for a body that is not JSON; None when the token is good.
    Views that take JSON are csrf_exempt and call this for every other content type."""
    if is_json_request(request):
        return None
    check = CsrfViewMiddleware(lambda _request: None)
    check.process_request(request)
    return check.process_view(request, None, (), {})


def _json_data(request) -> dict:
    """The JSON object of the body, its values as form data; BadJson for anything else."""
    try:
        data = jsonbody.loads(request.body or b"{}", check_text=False)
    except jsonbody.UnsafeJson as exc:
        raise BadJson(str(exc)) from exc
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadJson(_("The body is not valid JSON")) from exc
    if not isinstance(data, dict):
        raise BadJson(_("The body must be a JSON object"))
    return data


def _form_data(request, is_json: bool) -> tuple[dict | None, JsonResponse | None]:
    if not is_json:
        return request.POST, None
    try:
        raw = _json_data(request)
    except BadJson as exc:
        return None, error_json_response(400, message=str(exc))
    data, errors = {}, {}
    for key, value in raw.items():
        if not jsonbody.is_valid_text(key):
            continue  # no form has such a field; naming it in the answer could not be encoded
        if isinstance(value, dict | list):
            errors[key] = [_("Enter a text value")]
        elif isinstance(value, str) and not jsonbody.is_valid_text(value):
            errors[key] = [_("Enter valid text: this value contains a broken character (a lone surrogate)")]
        elif isinstance(value, bool):
            data[key] = "true" if value else ""
        elif value is not None:
            data[key] = str(value)
    if errors:
        return None, error_json_response(422, details=errors)
    return data, None


def _form_errors(form) -> dict[str, list[str]]:
    return {
        ("non_field_errors" if field == "__all__" else field): [str(message) for message in messages_]
        for field, messages_ in form.errors.items()
    }


def _rate_limited(request, *, group: str, rate: str, is_json: bool):
    """Count this attempt; the 429 answer when the caller is over the limit, else None."""
    usage = ratelimit.check(request, group=group, rate=rate)
    if not usage or not usage["should_limit"]:
        return None
    seconds = ratelimit.retry_after(usage)
    message = _("Too many attempts. Please try again in %(minutes)d min.") % {"minutes": max(1, (seconds + 59) // 60)}
    if is_json:
        response = error_json_response(429, message=message)
    else:
        response = render(
            request, "site/rate_limited.html", {"message": message, "seo": _seo(_("Too many attempts"))}, status=429
        )
    for header, value in ratelimit.headers_for(usage).items():
        response[header] = value
    return response


def _safe_next(request, candidate: str | None, default: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def _without_lang_param(url: str) -> str:
    """The page to go back to after a switch: its own `?lang=` would undo the choice."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != LANG_PARAM]
    return urlunsplit(parts._replace(query=urlencode(query)))


# --- Contact and consultation forms ------------------------------------------------------------


def _contact_page(request, form, status=200):
    context = _page_context(PageKey.CONTACT, _("Contacts"))
    context["form"] = form
    context["seo"]["image"] = static("img/site/workshop-1200.png")
    context["faq"] = selectors.general_faq()
    context["structured_data"] = [
        _breadcrumbs(request, (_("Contacts"), reverse("site:contact"))),
        _faq_data(context["faq"]),
    ]
    return render(request, "site/contact.html", context, status=status)


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def contact(request):
    """GET: the contact page. POST: a form (CSRF) -> redirect with a thank-you; a JSON body
    (v2.1.0) -> 201 exactly like POST /api/v1/contact/messages."""
    if request.method != "POST":
        return _contact_page(request, ContactForm())
    is_json = is_json_request(request)
    if denied := _csrf_denied(request):
        return denied
    if limited := _rate_limited(request, group="site-contact", rate=settings.RATELIMIT_FORMS, is_json=is_json):
        return limited
    data, error = _form_data(request, is_json)
    if error:
        return error
    form = ContactForm(data)
    success_message = _("Message sent successfully")
    if form.is_bot():
        logger.info("Contact form honeypot filled; dropped (ip %s)", client_ip(request))
        if is_json:
            receipt = {"id": secrets.randbelow(900_000) + 100_000, "status": "received", "created_at": utc_now_iso()}
            return _envelope(receipt, message=success_message, status=201)
        messages.success(request, _("Thank you! We have received your message."))
        return HttpResponseRedirect(reverse("site:contact") + "#thanks")
    if form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "website"}
        try:
            message = contact_message_create(
                **fields,
                language=translation.get_language(),
                ip=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            inquiry_note(request, message.lead)
            if is_json:
                receipt = {"id": message.pk, "status": "received", "created_at": to_utc_iso(message.created_at)}
                return _envelope(receipt, message=success_message, status=201)
            messages.success(
                request,
                _("Thank you, %(name)s! We have received your message and will get back to you shortly.")
                % {"name": message.name},
            )
            return HttpResponseRedirect(reverse("site:contact") + "#thanks")
    if is_json:
        return error_json_response(422, details=_form_errors(form))
    return _contact_page(request, form, status=422)


def _envelope(data, *, message: str, status: int) -> JsonResponse:
    body = {"success": True, "data": data, "message": message, "timestamp": utc_now_iso()}
    return JsonResponse(
        body, status=status, json_dumps_params={"ensure_ascii": False}, content_type="application/json; charset=utf-8"
    )


def _consultation_initial(request) -> dict:
    """`?service=kitchens` or `?service=kitchen_design` preselects the service."""
    wanted = request.GET.get("service", "")
    if wanted in ServiceSlug.values:
        return {"service_type": SERVICE_INTEREST_OF[wanted]}
    if wanted in ServiceInterest.values:
        return {"service_type": wanted}
    return {}


def _consultation_page(request, form, status=200):
    context = {"form": form, "services": selectors.service_page_list(), "seo": _seo(_("Book a consultation"))}
    context["seo"]["description"] = _(
        "A consultation with a BaiMuras designer in Almaty, Bishkek or online: "
        "tell us about the room, we will suggest solutions and estimate the cost."
    )
    return render(request, "site/consultation.html", context, status=status)


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def consultation(request):
    """The site's consultation request: the form (CSRF) -> redirect with a thank-you; the v2.1.0
    JSON body -> 201 exactly like POST /api/consultation."""
    if request.method != "POST":
        initial = _consultation_initial(request)
        if request.user.is_authenticated:
            initial.update(name=request.user.name, email=request.user.email)
        return _consultation_page(request, ConsultationForm(initial=initial))
    is_json = is_json_request(request)
    if denied := _csrf_denied(request):
        return denied
    if limited := _rate_limited(request, group="site-consultation", rate=settings.RATELIMIT_FORMS, is_json=is_json):
        return limited
    data, error = _form_data(request, is_json)
    if error:
        return error
    form = ConsultationForm(data, allow_past_date=is_json)
    if form.is_bot() and not is_json:  # JSON clients post the API's body, which has no trap
        logger.info("Consultation form honeypot filled; dropped (ip %s)", client_ip(request))
        messages.success(request, _("Thank you! Your request has been received."))
        return HttpResponseRedirect(reverse("site:consultation") + "#thanks")
    if form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "website"}
        try:
            booked = consultation_request(**fields, language=translation.get_language())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            inquiry_note(request, booked.lead)
            if is_json:
                from apps.consultations.api.serializers import consultation_receipt

                body = {"success": True, "data": consultation_receipt(booked), "timestamp": utc_now_iso()}
                return JsonResponse(
                    body,
                    status=201,
                    json_dumps_params={"ensure_ascii": False},
                    content_type="application/json; charset=utf-8",
                )
            messages.success(
                request,
                _("Thank you, %(name)s! Your request is in: a manager will call you to agree on the time.")
                % {"name": booked.name},
            )
            return HttpResponseRedirect(reverse("site:consultation") + "#thanks")
    if is_json:
        return error_json_response(422, details=_form_errors(form))
    return _consultation_page(request, form, status=422)


# --- Language ----------------------------------------------------------------------------------


@csrf_exempt
@require_POST
def set_language(request, language: str):
    """POST /set-language/<ru|kz|kk|ky>: remember the language in the cookie and go back (or
    answer JSON to a JSON request). A signed-in user's preference follows."""
    code = normalize_language(language)
    if code is None:
        raise Http404
    if denied := _csrf_denied(request):
        return denied
    translation.activate(code)
    if request.user.is_authenticated and request.user.language != code:
        account_services.user_update(user=request.user, data={"language": code}, actor=request.user)
    if _wants_json(request):
        response = JsonResponse({"success": True, "language": JSON_CODE[code]})
    else:
        default = request.META.get("HTTP_REFERER") or "/"
        target = _safe_next(request, request.POST.get("next") or default, "/")
        response = HttpResponseRedirect(_without_lang_param(target))
    set_language_cookie(response, code)
    return response


# --- Accounts ----------------------------------------------------------------------------------


def _auth_page(request, template: str, form, *, title: str, status: int = 200, **extra):
    context = {"form": form, "next": extra.pop("next", ""), "seo": _seo(title), "noindex": True, **extra}
    return render(request, template, context, status=status)


def _user_json(request, user, status: int) -> JsonResponse:
    data = UserSerializer(user, context={"request": request}).data
    return JsonResponse(
        {"success": True, "data": data},
        status=status,
        json_dumps_params={"ensure_ascii": False},
        content_type="application/json; charset=utf-8",
    )


def _after_login(request) -> str:
    return _safe_next(request, request.POST.get("next") or request.GET.get("next"), reverse("site:dashboard"))


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def login_view(request):
    """Session sign-in. 10 attempts a minute per IP, counted with the API's logins."""
    next_url = _safe_next(request, request.GET.get("next") or request.POST.get("next"), "")
    if request.method != "POST":
        if request.user.is_authenticated:
            return redirect(next_url or reverse("site:dashboard"))
        return _auth_page(request, "site/login.html", LoginForm(), title=_("Sign in"), next=next_url)
    is_json = is_json_request(request)
    if denied := _csrf_denied(request):
        return denied
    if limited := _rate_limited(request, group="login", rate=settings.RATELIMIT_LOGIN, is_json=is_json):
        return limited
    data, error = _form_data(request, is_json)
    if error:
        return error
    form = LoginForm(data)
    if form.is_valid():
        user = authenticate(
            request, email=form.cleaned_data["email"].strip().lower(), password=form.cleaned_data["password"]
        )
        if user is not None and user.is_active:
            login(request, user)
            if is_json:
                return _user_json(request, user, 200)
            return HttpResponseRedirect(_after_login(request))
        if is_json:
            return error_json_response(401, code="INVALID_CREDENTIALS", message=_("Invalid email or password"))
        form.add_error(None, _("Invalid email or password"))
    if is_json:
        return error_json_response(422, details=_form_errors(form))
    return _auth_page(request, "site/login.html", form, title=_("Sign in"), status=422, next=next_url)


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def register(request):
    """A client account (role `user`), signed in at once; a link to confirm the email follows."""
    next_url = _safe_next(request, request.GET.get("next") or request.POST.get("next"), "")
    if request.method != "POST":
        if request.user.is_authenticated:
            return redirect(reverse("site:dashboard"))
        return _auth_page(request, "site/register.html", RegisterForm(), title=_("Create an account"), next=next_url)
    is_json = is_json_request(request)
    if denied := _csrf_denied(request):
        return denied
    if limited := _rate_limited(request, group="site-register", rate=settings.RATELIMIT_FORMS, is_json=is_json):
        return limited
    data, error = _form_data(request, is_json)
    if error:
        return error
    form = RegisterForm(data)
    if form.is_valid():
        try:
            account_services.user_register(
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                password=form.cleaned_data["password"],
                language=translation.get_language(),
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            # The same answer for a new and a taken email: only the letter differs (the service
            # wrote it to the outbox).
            message = _(
                "Thank you! We have sent a letter to %(email)s: open the link in it to confirm your email, "
                "then sign in."
            ) % {"email": form.cleaned_data["email"].strip().lower()}
            if is_json:
                return _registration_json(request, form.cleaned_data, message)
            messages.success(request, message)
            login_url = reverse("site:login")
            return HttpResponseRedirect(f"{login_url}?{urlencode({'next': next_url})}" if next_url else login_url)
    if is_json:
        return error_json_response(422, details=_form_errors(form))
    return _auth_page(request, "site/register.html", form, title=_("Create an account"), status=422, next=next_url)


def _registration_json(request, sent: dict, message: str) -> JsonResponse:
    """201 with the user object of the contract, made of what was sent: no id, no dates, so that a
    taken email cannot be told from a new one."""
    language = translation.get_language()
    applicant = User(email=sent["email"].strip().lower(), name=sent["name"].strip(), language=language)
    data = UserSerializer(applicant, context={"request": request}).data
    return JsonResponse(
        {"success": True, "data": data, "message": message, "timestamp": utc_now_iso()},
        status=201,
        json_dumps_params={"ensure_ascii": False},
        content_type="application/json; charset=utf-8",
    )


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def logout_view(request):
    """POST ends the session (JSON -> 200, a form -> the home page). GET asks to confirm."""
    if request.method != "POST":
        if not request.user.is_authenticated:
            return redirect("/")
        return render(request, "site/logout.html", {"seo": _seo(_("Sign out")), "noindex": True})
    is_json = is_json_request(request)
    if denied := _csrf_denied(request):
        return denied
    logout(request)
    if is_json or _wants_json(request):
        return JsonResponse({"success": True, "message": _("You have been logged out")})
    return HttpResponseRedirect("/")


@require_safe
def email_confirm(request, token: str):
    user = services.email_confirm(token=token)
    if user is None:
        return render(
            request,
            "site/email_confirm_failed.html",
            {"seo": _seo(_("The link does not work")), "noindex": True},
            status=400,
        )
    messages.success(request, _("Thank you! Your email %(email)s is confirmed.") % {"email": user.email})
    return redirect(reverse("site:dashboard"))


@require_POST
def email_confirm_resend(request):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("site:dashboard"), login_url=reverse("site:login"))
    if limited := _rate_limited(request, group="site-confirm", rate=settings.RATELIMIT_FORMS, is_json=False):
        return limited
    services.email_confirmation_request(user=request.user, language=translation.get_language())
    messages.success(request, _("We have sent a new link to %(email)s.") % {"email": request.user.email})
    return redirect(reverse("site:dashboard"))


# --- Dashboards --------------------------------------------------------------------------------


def _is_staff(user) -> bool:
    return user.is_authenticated and user.role in STAFF_ROLES and user.is_active


@require_safe
def dashboard(request):
    """Staff: the CRM overview. A client: their own consultations and projects, once their
    email is confirmed (they are found by that email)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), login_url=reverse("site:login"))
    user = request.user
    context = {"seo": _seo(_("Dashboard")), "noindex": True}
    if _is_staff(user):
        context["crm"] = selectors.crm_overview()
        return render(request, "site/dashboard_staff.html", context)
    confirmed = selectors.email_is_confirmed(user=user)
    context["email_confirmed"] = confirmed
    if confirmed:
        context["consultations"] = list(selectors.client_consultations(user=user)[:50])
        context["projects"] = list(selectors.client_projects(user=user)[:50])
    return render(request, "site/dashboard_client.html", context)


@require_safe
def dashboard_analytics(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), login_url=reverse("site:login"))
    if not _is_staff(request.user):
        raise PermissionDenied
    period, period_errors = analytics_dashboard.period_from_query(request.GET)
    stats = selectors.crm_analytics()
    context = {
        **analytics_dashboard.analytics_context(period),
        "period_errors": period_errors,
        "crm": stats,
        "chart": _daily_chart(stats["daily"]),
        "breakdowns": _breakdowns(stats),
        "seo": _seo(_("Analytics")),
        "noindex": True,
    }
    return render(request, "analytics/dashboard.html", context)


def _daily_chart(daily: list[dict], *, height: int = 100, step: int = 10) -> dict:
    """Stacked bars (messages under consultation requests) as SVG geometry: the CSP allows no
    inline styles, and SVG attributes are not styles."""
    peak = max((d["messages"] + d["consultations"] for d in daily), default=0) or 1
    scale = (height - 4) / peak
    bars = []
    for index, day in enumerate(daily):
        h_messages = round(day["messages"] * scale, 2)
        h_consultations = round(day["consultations"] * scale, 2)
        bars.append(
            {
                **day,
                "x": index * step + 1,
                "h_messages": h_messages,
                "y_messages": round(height - h_messages, 2),
                "h_consultations": h_consultations,
                "y_consultations": round(height - h_messages - h_consultations, 2),
            }
        )
    return {"bars": bars, "width": len(daily) * step, "height": height, "bar_width": step - 2}


def _labelled(counts: dict[str, int], labels: dict[str, str]) -> list[dict]:
    rows = [{"label": labels.get(key, key or _("Not specified")), "count": n} for key, n in counts.items()]
    return sorted(rows, key=lambda row: -row["count"])


def _breakdowns(stats: dict) -> list[dict]:
    from apps.leads.models import LeadStatus
    from apps.projects.models import ProjectStatus

    sources = {
        "website": _("Website"),
        "contact_form": _("Contact form"),
        "consultation_form": _("Consultation form"),
        "n8n": "n8n",
        "api": "API",
        "admin": _("Added by a manager"),
        "import": _("Import"),
        "social_media": _("Social media"),
        "referral": _("Recommendation"),
        "phone": _("Phone call"),
    }
    blocks = [
        {"title": _("Leads by source"), "rows": _labelled(stats["by_source"], sources)},
        {"title": _("Leads by service"), "rows": _labelled(stats["by_interest"], dict(ServiceInterest.choices))},
        {"title": _("All leads by status"), "rows": _labelled(stats["by_status"], dict(LeadStatus.choices))},
        {"title": _("Projects by stage"), "rows": _labelled(stats["projects_by_status"], dict(ProjectStatus.choices))},
    ]
    for block in blocks:
        block["max"] = max((row["count"] for row in block["rows"]), default=0)
    return blocks


# --- Robots, favicon ---------------------------------------------------------------------------


@require_safe
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("site:sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /dashboard",
        "Disallow: /login",
        "Disallow: /register",
        "Disallow: /logout",
        "Disallow: /set-language/",
        "Disallow: /crm/",
        "Disallow: /webhooks/",
        "",
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    return HttpResponseRedirect(static("img/favicon-32.png"))
