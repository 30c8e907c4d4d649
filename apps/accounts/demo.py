"""Demo accounts for `load_demo`: an admin whose password `make run` prints, a manager, a client."""

import secrets

from django.conf import settings

from . import services
from .models import Role, User

DEMO_PEOPLE = [
    ("manager@baimuras.local", "Айгерим Садыкова", Role.MANAGER),
    ("client@baimuras.local", "Данияр Ахметов", Role.USER),
]


def _password_file():
    return settings.BASE_DIR / "var" / "demo-admin-password"


def load() -> dict:
    """Idempotent. Returns the demo admin's email and password."""
    path = _password_file()
    path.parent.mkdir(exist_ok=True)
    password = path.read_text().strip() if path.exists() else ""
    admin = User.objects.filter(email__iexact=settings.DEMO_ADMIN_EMAIL).first()
    if admin is None or not password or not admin.check_password(password):
        password = password or secrets.token_urlsafe(12)
        if admin is None:
            admin, _ = services.ensure_demo_admin(email=settings.DEMO_ADMIN_EMAIL, password=password)
        else:
            admin.set_password(password)
            admin.save(update_fields=["password"])
        path.write_text(password + "\n")
        path.chmod(0o600)
    for email, name, role in DEMO_PEOPLE:
        if not User.objects.filter(email__iexact=email).exists():
            services.user_create(email=email, name=name, password=password, role=role)
    return {"email": admin.email, "password": password}
