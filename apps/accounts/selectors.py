from django.db.models import Q, QuerySet

from .models import Role, User


def user_list(*, role: str | None = None, search: str | None = None) -> QuerySet[User]:
    users = User.objects.all().order_by("-created_at", "-id")
    if role:
        users = users.filter(role=role)
    if search:
        # Case-insensitive for Cyrillic too: SQLite gets a Unicode LIKE (apps/core/sqlite.py).
        users = users.filter(Q(email__icontains=search) | Q(name__icontains=search))
    return users


def user_get(*, user_id: int) -> User | None:
    return User.objects.filter(pk=user_id).first()


def staff_list() -> QuerySet[User]:
    """The people work is assigned to: active admins and managers."""
    return User.objects.filter(role__in=(Role.ADMIN, Role.MANAGER), is_active=True).order_by("name", "email")
