"""Portfolio services and selectors: the rules every caller (API, admin, demo) shares."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.portfolio import selectors, services
from apps.portfolio.models import PortfolioImage, PortfolioProject, ProjectStatus
from tests.accounts.factories import UserFactory
from tests.files.factories import UploadedFileFactory

from .factories import PortfolioImageFactory, PortfolioProjectFactory


def test_published_is_active_only(db):
    active = PortfolioProjectFactory(status=ProjectStatus.ACTIVE)
    PortfolioProjectFactory(status=ProjectStatus.DRAFT)
    PortfolioProjectFactory(status=ProjectStatus.ARCHIVED)
    assert list(PortfolioProject.objects.published()) == [active]


def test_the_database_allows_one_cover_per_project(db):
    project = PortfolioProjectFactory()
    PortfolioImageFactory(project=project, is_primary=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        PortfolioImageFactory(project=project, is_primary=True)


def test_add_image_makes_the_first_one_the_cover(db):
    project = PortfolioProjectFactory()
    first = services.portfolio_image_add(project=project, file=UploadedFileFactory())
    second = services.portfolio_image_add(project=project, file=UploadedFileFactory())
    third = services.portfolio_image_add(project=project, file=UploadedFileFactory(), is_primary=True)

    assert [i.pk for i in project.images.all()] == [first.pk, second.pk, third.pk]
    assert list(project.images.values_list("is_primary", flat=True)) == [False, False, True]
    assert [i.position for i in project.images.all()] == [0, 1, 2]


def test_cover_ensure_picks_the_first_image(db):
    project = PortfolioProjectFactory()
    PortfolioImageFactory(project=project, position=3)
    first = PortfolioImageFactory(project=project, position=1)
    services.portfolio_cover_ensure(project=project)
    assert project.images.get(is_primary=True) == first


def test_technologies_clean():
    assert services.technologies_clean([" массив дуба", "Blum", "Blum", "  "]) == ["массив дуба", "Blum"]
    assert services.technologies_clean(None) == []
    with pytest.raises(ValidationError):
        services.technologies_clean("дуб")
    with pytest.raises(ValidationError):
        services.technologies_clean([f"материал {i}" for i in range(51)])


def test_status_change(db):
    project = PortfolioProjectFactory(status=ProjectStatus.DRAFT)
    services.portfolio_project_set_status(project=project, status=ProjectStatus.ACTIVE)
    assert PortfolioProject.objects.published().get() == project
    with pytest.raises(ValidationError):
        services.portfolio_project_set_status(project=project, status="published")


def test_update_rejects_unknown_fields(db):
    with pytest.raises(ValueError, match="Unknown portfolio fields"):
        services.portfolio_project_update(project=PortfolioProjectFactory(), data={"slug": "x"})


def test_selectors_hide_unpublished_from_visitors_and_clients(db):
    draft = PortfolioProjectFactory(status=ProjectStatus.DRAFT)
    assert selectors.project_get(project_id=draft.pk, user=None) is None
    assert selectors.project_get(project_id=draft.pk, user=UserFactory(role="user")) is None
    assert selectors.project_get(project_id=draft.pk, user=UserFactory(role="manager")) == draft


def test_published_categories(db):
    PortfolioProjectFactory(category="kitchens")
    PortfolioProjectFactory(category="kitchens")
    PortfolioProjectFactory(category="montessori")
    PortfolioProjectFactory(category="academy", status=ProjectStatus.DRAFT)
    assert selectors.published_categories() == ["kitchens", "montessori"]


def test_deleting_a_project_keeps_files_of_other_projects(db, django_capture_on_commit_callbacks):
    doomed = PortfolioImageFactory(is_primary=True)
    kept = PortfolioImageFactory(is_primary=True)

    with django_capture_on_commit_callbacks(execute=True):
        services.portfolio_project_delete(project=doomed.project)

    assert list(PortfolioImage.objects.all()) == [kept]
    assert kept.file.file.storage.exists(kept.file.file.name)
