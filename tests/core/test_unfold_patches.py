"""What apps/core/unfold_patches.py and the admin's label helper save must not change what a
changelist shows: the same markup as django-unfold's own, in every language, escaped as before."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from unfold import admin as unfold_admin
from unfold.templatetags import unfold_list

from apps.core import unfold_patches
from apps.core.admin_base import render_label
from tests.leads.factories import LeadFactory

pytestmark = pytest.mark.django_db


def test_a_changelist_makes_its_headers_once_and_labels_every_cell(admin_client, monkeypatch):
    LeadFactory.create_batch(3)
    made, original = [], unfold_patches._made

    def counted(cl):
        made.append(cl)
        return original(cl)

    monkeypatch.setattr(unfold_patches, "_made", counted)
    assert unfold_list.result_headers is unfold_patches.result_headers  # installed at start-up

    html = admin_client.get(reverse("admin:leads_lead_changelist"), HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    assert len(made) == 1  # unfold 0.91 made them again for each row: 1 + 3 here
    assert html.count('data-label="статус"') == 3  # each row's status cell, headed for narrow screens


@pytest.mark.parametrize("language", ["ru", "kk", "ky"])
@pytest.mark.parametrize("pk", [1, 987654, 'a&b"<c>'])
def test_a_rows_checkbox_is_unfolds_own(language, pk):
    with translation.override(language):
        assert unfold_patches.row_checkbox(pk) == unfold_admin.checkbox.render(ACTION_CHECKBOX_NAME, str(pk))


def test_the_select_all_box_heads_the_checkbox_column_as_unfold_has_it():
    from apps.leads.admin import LeadAdmin

    ours, theirs = LeadAdmin.action_checkbox, unfold_admin.ModelAdmin.action_checkbox
    assert ours is not theirs
    assert ours.short_description == theirs.short_description


@pytest.mark.parametrize(
    ("text", "variant", "href"),
    [("Новый", "info", ""), ("Конвертирован", "success", "/admin/projects/project/7/change/"), ("<b>", None, "")],
)
def test_a_label_is_unfolds_own_rendered_once(text, variant, href):
    context = {"text": text, "type": variant, "href": href, "label_title": "", "icon": ""}
    expected = render_to_string("unfold/helpers/label.html", context)
    assert render_label(text, variant, href=href) == expected
    assert render_label(text, variant, href=href) == expected  # and the same when kept


def test_a_kept_label_never_serves_markup_for_plain_text_nor_another_language():
    html = render_label(mark_safe("<b>new</b>"), "info")
    plain = render_label("<b>new</b>", "info")
    assert "<b>new</b>" in html
    assert "<b>" not in plain and "&lt;b&gt;new&lt;/b&gt;" in plain

    word = gettext_lazy("New")
    with translation.override("ru"):
        ru = render_label(word, "info")
    with translation.override("kk"):
        kk = render_label(word, "info")
    with translation.override("kk"):
        assert str(word) in kk
    with translation.override("ru"):
        assert str(word) in ru and ru != kk


def test_a_stand_in_is_filled_only_where_it_appears_exactly_once():
    from apps.core.fragments import around, escape

    assert around('<input value="X1">', "X1") == ('<input value="', '">')
    assert around("<b>no stand-in</b>", "X1") is None
    assert around('<input value="X1" title="X1">', "X1") is None  # twice: which one is the value?
    assert escape('a&b"<c>') == "a&amp;b&quot;&lt;c&gt;" and escape(mark_safe("<b>")) == "<b>"
