"""Reads for uploaded files, with the access rules of contract §9: the uploader and staff see a
file; everyone else is told it does not exist."""

from django.db.models import QuerySet

from .models import FileCategory, UploadedFile


def _is_staff(user) -> bool:
    # accounts keeps is_staff in step with the role (admin, manager); files does not import accounts.
    return bool(user is not None and user.is_authenticated and user.is_staff)


def file_visible_to(*, file: UploadedFile, user) -> bool:
    if file.is_public:
        return True
    return _is_staff(user) or (user is not None and user.is_authenticated and file.owner_id == user.pk)


def file_get(*, file_id: int, user) -> UploadedFile | None:
    """The file if `user` uploaded it or is staff; None otherwise (a 404, not a 403)."""
    if user is None or not user.is_authenticated:
        return None
    files = UploadedFile.objects.filter(pk=file_id)
    if not _is_staff(user):
        files = files.filter(owner=user)
    return files.first()


def file_by_name(*, name: str) -> UploadedFile | None:
    return UploadedFile.objects.filter(file=name).first()


def files_by_ids(*, ids: list[int]) -> dict[int, UploadedFile]:
    return UploadedFile.objects.in_bulk(ids)


def file_list(*, owner=None, category: str | None = None) -> QuerySet[UploadedFile]:
    files = UploadedFile.objects.select_related("owner").order_by("-uploaded_at", "-id")
    if owner is not None:
        files = files.filter(owner=owner)
    if category:
        files = files.filter(category=category)
    return files


def avatar_get(*, file_id: int, user) -> UploadedFile | None:
    """An avatar image `user` uploaded: the only kind of file that can become their avatar."""
    if user is None or not user.is_authenticated:
        return None
    return UploadedFile.objects.filter(pk=file_id, owner=user, category=FileCategory.AVATAR).first()
