"""The public site's routes (contract §12). Paths carry no language prefix: see middleware.py."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import views
from .sitemaps import SITEMAPS

app_name = "site"

urlpatterns = [
    path("", views.home, name="home"),
    path("about", views.about, name="about"),
    path("services", views.services_overview, name="services"),
    path("services/<slug:slug>", views.service_detail, name="service"),
    path("blog", views.blog_list, name="blog"),
    path("blog/<slug:slug>", views.blog_post, name="blog-post"),
    path("contact", views.contact, name="contact"),
    path("consultation", views.consultation, name="consultation"),
    path("set-language/<str:language>", views.set_language, name="set-language"),
    path("register", views.register, name="register"),
    path("login", views.login_view, name="login"),
    path("logout", views.logout_view, name="logout"),
    path("dashboard", views.dashboard, name="dashboard"),
    path("dashboard/analytics", views.dashboard_analytics, name="dashboard-analytics"),
    path("dashboard/email/confirm", views.email_confirm_resend, name="email-confirm-resend"),
    path("dashboard/email/confirm/<str:token>", views.email_confirm, name="email-confirm"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
]
