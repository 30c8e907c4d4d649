"""Background work for uploaded files: the thumbnails of portfolio images."""

from celery import shared_task


@shared_task(name="files.make_thumbnails", autoretry_for=(OSError,), retry_backoff=30, max_retries=3)
def make_thumbnails(file_id: int) -> int:
    """Make the missing WebP thumbnails of one image; returns how many it has. Idempotent."""
    from .services import file_thumbnails_make

    return len(file_thumbnails_make(file_id=file_id))
