"""Avatars: PUT /api/v1/users/profile with `avatar_id`, an uploaded file (category avatar) of
the caller's; the user object's `avatar` is its absolute URL."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.accounts.models import Role
from apps.files.models import UploadedFile
from tests.accounts.factories import UserFactory
from tests.conftest import assert_error, bearer_client

from .factories import UploadedFileFactory
from .samples import image_bytes


@pytest.fixture
def user(db):
    return UserFactory(role=Role.USER)


def test_upload_then_set_the_avatar(user, client):
    api = bearer_client(user)
    uploaded = api.post(
        "/api/v1/files/upload",
        {"file": SimpleUploadedFile("me.png", image_bytes("PNG", (256, 256))), "category": "avatar"},
        format="multipart",
    ).json()["data"]

    response = api.put("/api/v1/users/profile", {"avatar_id": uploaded["id"]}, format="json")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["success"] is True
    assert body["data"]["avatar"] == uploaded["url"]
    assert body["data"]["avatar"].startswith("http://testserver/media/files/avatar/")
    assert api.get("/api/v1/auth/profile").json()["avatar"] == uploaded["url"]
    assert client.get(uploaded["url"].removeprefix("http://testserver")).status_code == 200


def test_name_and_avatar_change_together(user):
    avatar = UploadedFileFactory(owner=user, category="avatar")

    response = bearer_client(user).put(
        "/api/v1/users/profile", {"name": "Айжан Садыкова", "avatar_id": avatar.pk}, format="json"
    )

    assert response.status_code == 200, response.content
    user.refresh_from_db()
    assert user.name == "Айжан Садыкова"
    assert user.avatar.name == avatar.file.name


def test_null_removes_the_avatar(user):
    avatar = UploadedFileFactory(owner=user, category="avatar")
    api = bearer_client(user)
    api.put("/api/v1/users/profile", {"avatar_id": avatar.pk}, format="json")

    response = api.put("/api/v1/users/profile", {"avatar_id": None}, format="json")

    assert response.status_code == 200
    assert response.json()["data"]["avatar"] is None


@pytest.mark.parametrize("kind", ["someone_elses", "portfolio", "document", "missing"])
def test_only_your_own_avatar_upload_can_be_your_avatar(user, kind):
    if kind == "someone_elses":
        file_id = UploadedFileFactory(owner=UserFactory(), category="avatar").pk
    elif kind == "missing":
        file_id = 424242
    else:
        file_id = UploadedFileFactory(owner=user, category=kind, content=image_bytes("JPEG")).pk

    response = bearer_client(user).put(
        "/api/v1/users/profile", {"name": "Не сохранится", "avatar_id": file_id}, format="json"
    )

    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert list(body["error"]["details"]) == ["avatar_id"]
    user.refresh_from_db()
    assert not user.avatar
    assert user.name != "Не сохранится"


def test_deleting_the_avatar_file_clears_the_avatar(user):
    avatar = UploadedFileFactory(owner=user, category="avatar")
    api = bearer_client(user)
    api.put("/api/v1/users/profile", {"avatar_id": avatar.pk}, format="json")

    assert api.delete(f"/api/v1/files/{avatar.pk}").status_code == 204

    assert api.get("/api/v1/users/profile").json()["data"]["avatar"] is None
    assert not UploadedFile.objects.filter(pk=avatar.pk).exists()
