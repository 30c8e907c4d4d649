"""`page` / `per_page` pagination (contract §1)."""

import pytest
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from apps.core.pagination import MAX_PER_PAGE, PagePagination
from tests.accounts.factories import UserFactory
from tests.conftest import assert_error


class Items(list):
    """Just enough of a queryset: count() and slicing."""

    def count(self):
        return len(self)


class ListView:
    pagination_key = "items"


class PortfolioLikeView(ListView):
    default_per_page = 10


class EnvelopeView(ListView):
    pagination_envelope = True


def paginate(query: str = "", *, total: int = 45, view=None):
    request = Request(APIRequestFactory().get(f"/api/v1/items{query}"))
    paginator = PagePagination()
    page = paginator.paginate_queryset(Items(range(total)), request, view=view or ListView())
    return paginator, page


def test_defaults_are_page_one_and_twenty_per_page():
    paginator, page = paginate()
    assert page == list(range(20))
    assert paginator.pagination_data() == {
        "page": 1,
        "pages": 3,
        "per_page": 20,
        "total": 45,
        "has_next": True,
        "has_prev": False,
    }


def test_a_view_may_have_its_own_default_per_page():
    paginator, page = paginate(view=PortfolioLikeView())
    assert len(page) == 10
    assert paginator.pagination_data()["per_page"] == 10
    assert paginator.pagination_data()["pages"] == 5


def test_middle_page_has_next_and_prev():
    paginator, page = paginate("?page=2&per_page=20")
    assert page == list(range(20, 40))
    data = paginator.pagination_data()
    assert (data["page"], data["has_next"], data["has_prev"]) == (2, True, True)


def test_last_page_is_partial_and_has_no_next():
    paginator, page = paginate("?page=3")
    assert page == list(range(40, 45))
    data = paginator.pagination_data()
    assert (data["has_next"], data["has_prev"]) == (False, True)


@pytest.mark.parametrize("per_page", ["101", "500", "100000"])
def test_per_page_above_the_maximum_is_clamped_to_100(per_page):
    paginator, page = paginate(f"?per_page={per_page}", total=250)
    assert MAX_PER_PAGE == 100
    assert len(page) == 100
    assert paginator.pagination_data()["per_page"] == 100
    assert paginator.pagination_data()["pages"] == 3


def test_page_past_the_end_is_empty_with_correct_counts():
    paginator, page = paginate("?page=9")
    assert page == []
    assert paginator.pagination_data() == {
        "page": 9,
        "pages": 3,
        "per_page": 20,
        "total": 45,
        "has_next": False,
        "has_prev": True,
    }


def test_empty_list_has_no_pages():
    paginator, page = paginate(total=0)
    assert page == []
    assert paginator.pagination_data() == {
        "page": 1,
        "pages": 0,
        "per_page": 20,
        "total": 0,
        "has_next": False,
        "has_prev": False,
    }


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?page=0", "page"),
        ("?page=-1", "page"),
        ("?page=abc", "page"),
        ("?per_page=0", "per_page"),
        ("?per_page=x", "per_page"),
    ],
)
def test_bad_page_parameters_are_validation_errors(query, field):
    with pytest.raises(exceptions.ValidationError) as caught:
        paginate(query)
    assert field in caught.value.detail


def test_paginated_response_uses_the_views_key():
    paginator, page = paginate("?per_page=2")
    response = paginator.get_paginated_response(page)
    assert response.data == {"items": [0, 1], "pagination": paginator.pagination_data()}


def test_paginated_response_in_the_envelope():
    paginator, page = paginate("?per_page=2", view=EnvelopeView())
    body = paginator.get_paginated_response(page).data
    assert body["success"] is True
    assert body["data"] == {"items": [0, 1], "pagination": paginator.pagination_data()}
    assert body["timestamp"].endswith("Z")


# --- Through the API ----------------------------------------------------------------------------


@pytest.mark.parametrize(("query", "field"), [("page=0", "page"), ("page=abc", "page"), ("per_page=abc", "per_page")])
def test_bad_page_over_http_is_422(as_role, query, field):
    body = assert_error(as_role("manager").get(f"/api/v1/users?{query}"), 422, "VALIDATION_ERROR")
    assert list(body["error"]["details"]) == [field]


def test_users_list_pages_over_http(as_role):
    client = as_role("admin")
    UserFactory.create_batch(4)
    response = client.get("/api/v1/users?per_page=2&page=2")
    assert response.status_code == 200
    body = response.json()
    assert len(body["users"]) == 2
    assert body["pagination"] == {"page": 2, "pages": 3, "per_page": 2, "total": 5, "has_next": True, "has_prev": True}

    response = client.get("/api/v1/users?per_page=1000&page=7")
    assert response.status_code == 200
    assert response.json() == {
        "users": [],
        "pagination": {"page": 7, "pages": 1, "per_page": 100, "total": 5, "has_next": False, "has_prev": True},
    }
