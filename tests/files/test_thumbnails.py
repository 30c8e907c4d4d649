"""Thumbnails of portfolio images: WebP copies in the widths the site uses, made once, after
commit, in the background (Celery; eager in tests)."""

from pathlib import Path

import pytest
from PIL import Image

from apps.files import services, tasks
from apps.files.models import THUMBNAIL_WIDTHS, UploadedFile
from apps.portfolio import services as portfolio_services
from tests.portfolio.factories import PortfolioProjectFactory

from .factories import UploadedFileFactory
from .samples import pdf_bytes


def test_attaching_an_image_queues_its_thumbnails_after_commit(db, settings, django_capture_on_commit_callbacks):
    file = UploadedFileFactory(size=(1600, 1000))
    project = PortfolioProjectFactory()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        portfolio_services.portfolio_images_set(project=project, file_ids=[file.pk])
    file.refresh_from_db()
    assert file.thumbnails == {}  # nothing before the commit
    assert callbacks  # the thumbnails' (and the content cache's version)

    for callback in callbacks:
        callback()

    file.refresh_from_db()
    assert sorted(file.thumbnails, key=int) == ["400", "800", "1200"]
    for width, name in file.thumbnails.items():
        assert name.startswith("thumbs/portfolio/") and name.endswith(f"-w{width}.webp")
        with Image.open(Path(settings.MEDIA_ROOT) / name) as thumb:
            assert thumb.format == "WEBP"
            assert thumb.size == (int(width), round(1000 * int(width) / 1600))


def test_thumbnails_are_made_once(db, settings):
    file = UploadedFileFactory(size=(1600, 1000))
    tasks.make_thumbnails.delay(file.pk)
    file.refresh_from_db()
    paths = [Path(settings.MEDIA_ROOT) / name for name in file.thumbnails.values()]
    stamps = [p.stat().st_mtime_ns for p in paths]

    assert tasks.make_thumbnails.delay(file.pk).get() == 3

    file.refresh_from_db()
    assert [Path(settings.MEDIA_ROOT) / name for name in file.thumbnails.values()] == paths
    assert [p.stat().st_mtime_ns for p in paths] == stamps
    assert len(list((Path(settings.MEDIA_ROOT) / "thumbs").rglob("*.webp"))) == 3


def test_an_interrupted_run_finishes_the_missing_widths_only(db, settings):
    file = UploadedFileFactory(size=(1600, 1000))
    services.file_thumbnails_make(file_id=file.pk)
    file.refresh_from_db()
    kept = dict(file.thumbnails)
    UploadedFile.objects.filter(pk=file.pk).update(thumbnails={"400": kept["400"]})

    made = services.file_thumbnails_make(file_id=file.pk)

    assert made == kept
    assert len(list((Path(settings.MEDIA_ROOT) / "thumbs").rglob("*.webp"))) == 3


@pytest.mark.parametrize(("width", "expected"), [(300, []), (1000, ["400", "800"]), (1200, ["400", "800"])])
def test_no_thumbnail_is_wider_than_the_original(db, width, expected):
    file = UploadedFileFactory(size=(width, width * 2 // 3))
    assert sorted(services.file_thumbnails_make(file_id=file.pk), key=int) == expected


def test_documents_and_avatars_get_no_thumbnails(db):
    document = UploadedFileFactory(category="document", content=pdf_bytes(), name="a.pdf")
    avatar = UploadedFileFactory(category="avatar")
    assert services.file_thumbnails_make(file_id=document.pk) == {}
    assert services.file_thumbnails_make(file_id=avatar.pk) == {}
    assert services.file_thumbnails_make(file_id=987654) == {}


def test_thumbnails_are_served_as_webp(client, db):
    file = UploadedFileFactory(size=(1600, 1000))
    services.file_thumbnails_make(file_id=file.pk)
    file.refresh_from_db()

    response = client.get(f"/media/{file.thumbnails['400']}")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"


def test_deleting_the_file_deletes_its_thumbnails(db, settings, django_capture_on_commit_callbacks):
    file = UploadedFileFactory(size=(1600, 1000))
    services.file_thumbnails_make(file_id=file.pk)
    file.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        services.file_delete(file=file)

    assert list(Path(settings.MEDIA_ROOT).rglob("*.*")) == []


def test_the_widths_are_the_ones_the_site_uses():
    assert THUMBNAIL_WIDTHS == (400, 800, 1200)


def test_a_broker_outage_does_not_fail_the_request(db, monkeypatch, django_capture_on_commit_callbacks):
    def down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(tasks.make_thumbnails, "delay", down)
    file = UploadedFileFactory()
    project = PortfolioProjectFactory()

    with django_capture_on_commit_callbacks(execute=True):
        portfolio_services.portfolio_images_set(project=project, file_ids=[file.pk])

    assert project.images.count() == 1
