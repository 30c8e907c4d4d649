"""Local media (contract §9): with local storage the application serves the files at their URL
itself, whatever DEBUG is — portfolio and avatar files to anyone, documents only to their
uploader and staff (everyone else gets the 404 an unknown path gets)."""

import mimetypes
import posixpath

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseNotModified
from django.utils.http import content_disposition_header, http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since
from rest_framework import authentication, exceptions
from rest_framework.request import Request
from rest_framework.settings import api_settings

from . import selectors

# Types a browser may render inline from our origin; anything else is sent as a download.
INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif", "image/avif"})
PUBLIC_THUMBNAIL_PREFIXES = ("thumbs/portfolio/", "thumbs/avatar/")


def clean_media_path(path: str) -> str | None:
    """The storage name a /media/ path names, or None for anything that tries to leave the media
    root or spell a name two ways (`..`, `.`, `//`, backslashes, NUL, a leading slash)."""
    if not path or "\\" in path or "\x00" in path or path.startswith("/"):
        return None
    parts = path.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return None
    return posixpath.join(*parts)


def media_user(request):
    """The caller: the session user, or one a Bearer token or an API key names (a media URL may be
    fetched by an API client). A bad credential is no user, not an error."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    drf_request = Request(request)
    for auth_class in api_settings.DEFAULT_AUTHENTICATION_CLASSES:
        if issubclass(auth_class, authentication.SessionAuthentication):
            continue
        try:
            result = auth_class().authenticate(drf_request)
        except exceptions.APIException:
            return None
        if result is not None:
            return result[0]
    return None


@require_safe
def media_file(request, path: str):
    name = clean_media_path(path)
    if name is None:
        raise Http404
    lowered = name.lower()  # a case-insensitive disk must not open a second way in
    filename = None
    attachment = False
    private = False
    if lowered.startswith("files/"):
        record = selectors.file_by_name(name=name)
        if record is None or not selectors.file_visible_to(file=record, user=media_user(request)):
            raise Http404
        content_type = record.mime_type
        private = not record.is_public
        attachment = private or content_type not in INLINE_TYPES
        filename = record.original_filename or record.filename
    elif lowered.startswith("thumbs/"):
        if not lowered.startswith(PUBLIC_THUMBNAIL_PREFIXES) or not lowered.endswith(".webp"):
            raise Http404
        content_type = "image/webp"
    else:
        # Media other apps keep (avatars set in the admin, ...): images inline, the rest downloaded.
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if content_type not in INLINE_TYPES:
            content_type, attachment = "application/octet-stream", True

    storage = default_storage
    try:
        if not storage.exists(name):
            raise Http404
        modified = storage.get_modified_time(name)
    except (SuspiciousFileOperation, NotImplementedError, OSError) as exc:
        raise Http404 from exc
    mtime = modified.timestamp()
    if not private and not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), mtime):
        return HttpResponseNotModified()
    response = FileResponse(storage.open(name, "rb"), content_type=content_type)
    response["Last-Modified"] = http_date(mtime)
    response["X-Content-Type-Options"] = "nosniff"
    if attachment:
        response["Content-Disposition"] = content_disposition_header(True, filename or posixpath.basename(name))
    # Documents are personal: no shared cache may keep them.
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=86400"
    if private:
        response["Vary"] = "Cookie, Authorization, X-API-Key"
    return response
