"""The demo portfolio: six projects in three languages with drawn pictures; idempotent."""

from apps.files.models import UploadedFile
from apps.portfolio import demo
from apps.portfolio.models import PortfolioImage, PortfolioProject


def test_load_twice_changes_nothing_and_the_pages_show_it(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert demo.load() == 6
    counts = (PortfolioProject.objects.count(), PortfolioImage.objects.count(), UploadedFile.objects.count())

    with django_capture_on_commit_callbacks(execute=True):
        assert demo.load() == 0

    assert counts == (6, 9, 9)
    assert (PortfolioProject.objects.count(), PortfolioImage.objects.count(), UploadedFile.objects.count()) == counts
    for project in PortfolioProject.objects.prefetch_related("images"):
        assert project.is_published
        assert project.title_ru and project.title_kk and project.title_ky
        assert project.description_kk and project.description_ky
        assert sum(image.is_primary for image in project.images.all()) == 1
        for image in project.images.all():
            assert image.alt_ru and image.alt_kk and image.alt_ky
    for file in UploadedFile.objects.all():
        assert (file.width, file.height) == (1600, 1200)
        assert sorted(file.thumbnails, key=int) == ["400", "800", "1200"]
    project = PortfolioProject.objects.get(category="kitchens")

    assert client.get("/portfolio").status_code == 200
    assert "Blum" in client.get(f"/portfolio/{project.pk}").content.decode()
