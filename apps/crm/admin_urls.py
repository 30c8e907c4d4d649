"""The back office's own pages inside the admin: `/admin/crm/board/<leads|projects>/`,
`/admin/crm/calendar/` and `/admin/crm/search/`. Mounted by baimuras/urls.py before the admin,
each view behind the admin's login (`admin_view`)."""

from django.contrib import admin
from django.urls import path

from . import views

urlpatterns = [
    path("board/<slug:kind>/", admin.site.admin_view(views.board_view), name="crm-board"),
    path("board/<slug:kind>/move/", admin.site.admin_view(views.board_move_view), name="crm-board-move"),
    path("calendar/", admin.site.admin_view(views.calendar_view), name="crm-calendar"),
    path("calendar/feed/", admin.site.admin_view(views.calendar_feed_action_view), name="crm-calendar-feed-action"),
    path("search/", admin.site.admin_view(views.search_view), name="crm-search"),
]
