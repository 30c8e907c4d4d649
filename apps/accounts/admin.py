from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.decorators import action, display
from unfold.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm

from . import services
from .models import APIKey, AuthSession, Role, User

# The groups the migrations create (leads 0002): their names are data, shown in the reader's language.
GROUP_NAMES = [gettext_noop("Managers")]


class EmailUserCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("email", "name", "role")


class EmailUserChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


ROLE_LABELS = {Role.ADMIN: "danger", Role.MANAGER: "info", Role.USER: "success"}


@admin.register(User)
class UserAdmin(DjangoUserAdmin, ModelAdmin):
    form = EmailUserChangeForm
    add_form = EmailUserCreationForm
    change_password_form = AdminPasswordChangeForm
    list_display = ["email", "name", "role_badge", "is_active", "language", "created_at", "last_login"]
    list_filter = ["role", "is_active", "language", "created_at"]
    search_fields = ["email", "name"]
    ordering = ["-created_at"]
    date_hierarchy = "created_at"
    # The avatar is set through /api/v1/users/profile, where uploads are checked and stripped of EXIF.
    readonly_fields = ["created_at", "last_login", "is_staff", "is_superuser", "avatar"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("name", "role", "language", "notifications", "avatar")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("created_at", "last_login")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "name", "role", "password1", "password2")}),)
    filter_horizontal = ("groups",)
    actions = ["revoke_logins"]

    @display(description=_("role"), ordering="role", label=ROLE_LABELS)
    def role_badge(self, obj):
        return obj.role, obj.get_role_display()  # the colour by code, the text in the reader's language

    @action(description=_("Revoke all API logins of the selected users"))
    def revoke_logins(self, request, queryset):
        count = sum(services.auth_sessions_revoke_all(user=user) for user in queryset)
        self.message_user(request, _("%(count)d logins revoked.") % {"count": count}, messages.SUCCESS)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups":
            field.label_from_instance = lambda group: gettext(group.name)
        return field

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A deactivation here ends the user's API logins too.
        if change and "is_active" in form.changed_data and not obj.is_active:
            services.auth_sessions_revoke_all(user=obj)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            # A password set by an admin ends the user's API logins, as a self-service change does.
            services.auth_sessions_revoke_all(user=self.get_object(request, id))
        return response


@admin.register(APIKey)
class APIKeyAdmin(ModelAdmin):
    list_display = ["name", "user", "prefix", "state", "created_at", "expires_at", "last_used_at"]
    list_filter = ["created_at", "revoked_at"]
    search_fields = ["name", "prefix", "user__email"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    fields = ["name", "user", "expires_at", "prefix", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    @display(description=_("state"), label={_("active"): "success", _("revoked"): "danger", _("expired"): "warning"})
    def state(self, obj):
        if obj.revoked_at:
            return _("revoked")
        if obj.expires_at and obj.expires_at <= timezone.now():
            return _("expired")
        return _("active")

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        key, raw = services.api_key_create(user=obj.user, name=obj.name, expires_at=obj.expires_at)
        obj.pk, obj.prefix, obj.created_at = key.pk, key.prefix, key.created_at
        obj._state.adding = False
        self.message_user(
            request,
            format_html(_("The new API key, shown only this once: <code>{}</code>"), raw),
            messages.WARNING,
        )

    @action(description=_("Revoke the selected API keys"))
    def revoke(self, request, queryset):
        for key in queryset:
            services.api_key_revoke(key=key)
        self.message_user(request, _("Keys revoked."), messages.SUCCESS)


@admin.register(AuthSession)
class AuthSessionAdmin(ModelAdmin):
    list_display = ["user", "created_at", "expires_at", "revoked_at", "ip", "user_agent"]
    list_filter = ["created_at", "revoked_at"]
    search_fields = ["user__email", "ip"]
    list_select_related = ["user"]
    readonly_fields = [f.name for f in AuthSession._meta.fields]
    actions = ["revoke"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @action(description=_("Revoke the selected logins"))
    def revoke(self, request, queryset):
        sessions = list(queryset.filter(revoked_at__isnull=True).values_list("pk", flat=True))
        for session_id in sessions:
            services.auth_logout(session_id=session_id)
        self.message_user(request, _("%(count)d logins revoked.") % {"count": len(sessions)}, messages.SUCCESS)


# Django's own Group admin, in the Unfold look like every other page.
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin, ModelAdmin):
    pass
