"""The portfolio in the admin: translation tabs, the image inline (upload, order, cover),
thumbnails in the changelist, publish and archive actions — every write through the services."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.files.models import UploadedFile
from apps.portfolio.models import PortfolioImage, PortfolioProject, ProjectStatus
from tests.files.factories import UploadedFileFactory
from tests.files.samples import ELF_EXECUTABLE, image_bytes

from .factories import PortfolioImageFactory, PortfolioProjectFactory

CHANGELIST = reverse("admin:portfolio_portfolioproject_changelist")
ADD = reverse("admin:portfolio_portfolioproject_add")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def project_form(**overrides) -> dict:
    data = {
        "title_ru": "Кухня с островом",
        "title_kk": "Аралы бар ас үй",
        "title_ky": "Аралы бар ашкана",
        "description_ru": "Описание",
        "description_kk": "",
        "description_ky": "",
        "category": "kitchens",
        "status": "draft",
        "technologies_ru": "массив дуба\nBlum\n",
        "technologies_kk": "емен ағашы\nBlum\n",
        "technologies_ky": "",
        "client_ru": "Семья Асановых",
        "client_kk": "Асановтар отбасы",
        "client_ky": "",
        "completion_date": "2025-02-01",
        "project_url": "",
        "images-TOTAL_FORMS": "0",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def image_row(index: int, **values) -> dict:
    row = {"alt_ru": "", "alt_kk": "", "alt_ky": "", "position": str(index), "is_primary": ""}
    row.update(values)
    return {f"images-{index}-{key}": value for key, value in row.items() if value is not None}


def test_changelist_search_add_and_change_render(admin_client):
    project = PortfolioImageFactory(is_primary=True).project
    assert admin_client.get(CHANGELIST).status_code == 200
    assert admin_client.get(CHANGELIST, {"q": "Детская"}).status_code == 200
    assert admin_client.get(CHANGELIST, {"status__exact": "active"}).status_code == 200
    assert admin_client.get(ADD).status_code == 200
    change = admin_client.get(reverse("admin:portfolio_portfolioproject_change", args=[project.pk]))
    assert change.status_code == 200
    html = change.content.decode()
    for name in ("title_ru", "title_kk", "title_ky", "description_kk", "images-0-alt_ky", "images-0-upload"):
        assert f'name="{name}"' in html, name


def test_translation_tabs_load_no_third_party_script(admin_client):
    html = admin_client.get(ADD).content.decode()
    assert "googleapis" not in html
    assert "/static/portfolio/admin/tabs.js" in html
    assert "/static/modeltranslation/js/tabbed_translation_fields.js" in html


def test_changelist_shows_the_cover_thumbnail(admin_client):
    image = PortfolioImageFactory(is_primary=True)
    html = admin_client.get(CHANGELIST).content.decode()
    assert f'src="/media/{image.file.file.name}"' in html


def test_changelist_queries_do_not_grow_with_rows(admin_client, django_assert_max_num_queries):
    PortfolioImageFactory(is_primary=True)
    with django_assert_max_num_queries(14) as few:
        admin_client.get(CHANGELIST)
    for _ in range(20):
        project = PortfolioProjectFactory()
        PortfolioImageFactory(project=project, is_primary=True)
        PortfolioImageFactory(project=project, position=1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert admin_client.get(CHANGELIST).status_code == 200


def test_add_with_an_uploaded_image(admin_client, admin_user, django_capture_on_commit_callbacks):
    data = project_form(**{"images-TOTAL_FORMS": "1"})
    data.update(image_row(0, alt_ru="Остров из дуба", alt_kk="Емен арал"))
    data["images-0-upload"] = SimpleUploadedFile("kitchen.png", image_bytes("PNG", (1000, 750)), "image/png")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(ADD, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    project = PortfolioProject.objects.get()
    assert (project.title_ru, project.title_kk, project.title_ky) == (
        "Кухня с островом",
        "Аралы бар ас үй",
        "Аралы бар ашкана",
    )
    assert project.technologies == ["массив дуба", "Blum"]
    image = project.images.get()
    assert image.is_primary  # the only image is the cover
    assert (image.alt_ru, image.alt_kk) == ("Остров из дуба", "Емен арал")
    assert image.file.owner == admin_user and image.file.category == "portfolio"
    assert image.file.mime_type == "image/png"
    assert sorted(image.file.thumbnails, key=int) == ["400", "800"]  # made after commit


def test_an_upload_that_is_not_an_image_is_a_form_error(admin_client):
    data = project_form(**{"images-TOTAL_FORMS": "1"})
    data.update(image_row(0))
    data["images-0-upload"] = SimpleUploadedFile("photo.jpg", ELF_EXECUTABLE, "image/jpeg")

    response = admin_client.post(ADD, data)

    assert response.status_code == 200
    assert not PortfolioProject.objects.exists() and not UploadedFile.objects.exists()


def test_the_cover_moves_and_the_order_changes_in_one_save(admin_client):
    project = PortfolioProjectFactory()
    first = PortfolioImageFactory(project=project, position=0, is_primary=True)
    second = PortfolioImageFactory(project=project, position=1)
    data = project_form(
        title_ru=project.title_ru,
        category=project.category,
        status="active",
        **{"images-TOTAL_FORMS": "2", "images-INITIAL_FORMS": "2"},
    )
    data.update(image_row(0, id=str(first.pk), project=str(project.pk), file=str(first.file_id), position="1"))
    data.update(
        image_row(
            1, id=str(second.pk), project=str(project.pk), file=str(second.file_id), position="0", is_primary="on"
        )
    )

    response = admin_client.post(reverse("admin:portfolio_portfolioproject_change", args=[project.pk]), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.is_primary, second.position) == (True, 0)
    assert (first.is_primary, first.position) == (False, 1)


def test_two_covers_are_a_form_error(admin_client):
    project = PortfolioProjectFactory()
    first = PortfolioImageFactory(project=project, position=0, is_primary=True)
    second = PortfolioImageFactory(project=project, position=1)
    data = project_form(title_ru=project.title_ru, **{"images-TOTAL_FORMS": "2", "images-INITIAL_FORMS": "2"})
    data.update(image_row(0, id=str(first.pk), project=str(project.pk), file=str(first.file_id), is_primary="on"))
    data.update(image_row(1, id=str(second.pk), project=str(project.pk), file=str(second.file_id), is_primary="on"))

    response = admin_client.post(reverse("admin:portfolio_portfolioproject_change", args=[project.pk]), data)

    assert response.status_code == 200
    assert "Только одно изображение" in response.content.decode()
    second.refresh_from_db()
    assert not second.is_primary


def test_attach_an_existing_upload_and_remove_an_image(admin_client):
    project = PortfolioProjectFactory()
    old = PortfolioImageFactory(project=project, position=0, is_primary=True)
    upload = UploadedFileFactory()
    data = project_form(title_ru=project.title_ru, **{"images-TOTAL_FORMS": "2", "images-INITIAL_FORMS": "1"})
    data.update(
        image_row(0, id=str(old.pk), project=str(project.pk), file=str(old.file_id), is_primary="on", DELETE="on")
    )
    data.update(image_row(1, file=str(upload.pk), alt_ru="Новый ракурс"))

    response = admin_client.post(reverse("admin:portfolio_portfolioproject_change", args=[project.pk]), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    (image,) = project.images.all()
    assert image.file == upload and image.is_primary and image.alt_ru == "Новый ракурс"
    assert not PortfolioImage.objects.filter(pk=old.pk).exists()


@pytest.mark.parametrize(("action", "status"), [("publish", ProjectStatus.ACTIVE), ("archive", ProjectStatus.ARCHIVED)])
def test_publish_and_archive_actions(admin_client, action, status):
    projects = PortfolioProjectFactory.create_batch(2, status=ProjectStatus.DRAFT)

    response = admin_client.post(
        CHANGELIST, {"action": action, "_selected_action": [p.pk for p in projects]}, follow=True
    )

    assert response.status_code == 200
    assert set(PortfolioProject.objects.values_list("status", flat=True)) == {status}


def test_delete_through_the_admin_removes_the_images(admin_client, django_capture_on_commit_callbacks):
    image = PortfolioImageFactory(is_primary=True)
    url = reverse("admin:portfolio_portfolioproject_delete", args=[image.project_id])

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not PortfolioProject.objects.exists() and not UploadedFile.objects.exists()


def test_managers_keep_the_portfolio_in_the_admin(client, manager):
    Group.objects.get(name="Managers").user_set.add(manager)
    client.force_login(manager)

    assert client.get(CHANGELIST).status_code == 200
    assert client.get(ADD).status_code == 200
    assert client.get(reverse("admin:files_uploadedfile_changelist")).status_code == 200
    assert manager.has_perms(["portfolio.delete_portfolioproject", "portfolio.change_portfolioimage"])


def test_uploaded_files_admin(admin_client):
    UploadedFileFactory()
    url = reverse("admin:files_uploadedfile_changelist")
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "photo"}).status_code == 200
    assert admin_client.get(reverse("admin:files_uploadedfile_add")).status_code == 200

    response = admin_client.post(
        reverse("admin:files_uploadedfile_add"),
        {"category": "avatar", "upload": SimpleUploadedFile("me.webp", image_bytes("WEBP"), "image/webp")},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    file = UploadedFile.objects.get(category="avatar")
    assert file.mime_type == "image/webp"
    assert admin_client.get(reverse("admin:files_uploadedfile_change", args=[file.pk])).status_code == 200
