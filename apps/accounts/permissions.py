from rest_framework.permissions import BasePermission

from .models import Role


class IsAdmin(BasePermission):
    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.role == Role.ADMIN)


def is_staff_role(user) -> bool:
    """Managers and admins: the company's own people."""
    return bool(user and user.is_authenticated and user.role in (Role.ADMIN, Role.MANAGER))


class IsStaffRole(BasePermission):
    """Managers and admins: the company's own people."""

    def has_permission(self, request, view):
        return is_staff_role(request.user)
