"""Every admin page of every registered model: it renders for staff and is refused to
teachers and students (the access-policy table gives the admin namespace to staff)."""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lessons.services import unit_create
from tests.builders import (
    StaffFactory,
    StudentFactory,
    TeacherFactory,
    class_build,
    passage_build,
)


def admin_pages():
    pages = [("index", reverse("admin:index"))]
    for model in admin.site._registry:
        opts = model._meta
        pages.append(
            (
                f"{opts.app_label}.{opts.model_name}",
                reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
            )
        )
    return pages


def object_pages():
    """Change and add pages, for one object of each model that has one."""
    pages = []
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        if model_admin.has_add_permission(_FakeRequest()):
            pages.append(reverse(f"{prefix}_add"))
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            pages.append(reverse(f"{prefix}_change", args=[obj.pk]))
            pages.append(reverse(f"{prefix}_history", args=[obj.pk]))
    return pages


class _FakeRequest:
    class user:  # noqa: N801 - a stand-in for a superuser
        is_active = is_staff = is_superuser = True

        @staticmethod
        def has_perm(perm, obj=None):
            return True


@pytest.fixture
def demo_data(db):
    call_command("seed_demo", "--quiet-logins", "--i-know-this-creates-demo-accounts")


@pytest.mark.django_db
def test_every_admin_page_renders_for_staff(client, demo_data):
    client.force_login(StaffFactory())
    urls = [url for _, url in admin_pages()] + object_pages()
    assert len(urls) > 20
    failures = []
    for url in urls:
        response = client.get(url)
        if response.status_code != 200:
            failures.append((url, response.status_code))
    assert failures == []


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [TeacherFactory, StudentFactory])
def test_admin_is_refused_to_teachers_and_students(client, demo_data, factory):
    client.force_login(factory())
    urls = [url for _, url in admin_pages()] + object_pages()
    answers = {url: client.get(url).status_code for url in urls}
    assert {url: code for url, code in answers.items() if code != 403} == {}


@pytest.mark.django_db
def test_staff_read_a_sources_history_and_revert_an_edit(client, demo_data):
    """Edits to library and lesson content keep a history an admin can revert."""
    from sources.models import Source

    client.force_login(StaffFactory())
    source = Source.objects.filter(owner__isnull=True).order_by("pk").first()
    original = source.headnote
    source.headnote = "A careless edit."
    source.save()

    history = client.get(reverse("admin:sources_source_history", args=[source.pk]))
    assert history.status_code == 200
    first = source.history.order_by("history_date").first()
    assert str(first.history_id) in history.content.decode()

    revert_url = reverse(
        "admin:sources_source_simple_history", args=[source.pk, first.history_id]
    )
    form = client.get(revert_url)
    assert form.status_code == 200
    data = {
        k: v for k, v in form.context["adminform"].form.initial.items() if v is not None
    }
    data["themes"] = [t.pk for t in source.themes.all()]
    data["owner"] = ""
    data["date"] = source.date.isoformat() if source.date else ""
    for prefix in ["excerpts"]:
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": 0,
                f"{prefix}-INITIAL_FORMS": 0,
                f"{prefix}-MIN_NUM_FORMS": 0,
                f"{prefix}-MAX_NUM_FORMS": 1000,
            }
        )
    response = client.post(revert_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    source.refresh_from_db()
    assert source.headnote == original


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model", ["unit", "lesson", "prompt", "lessonexcerpt"], ids=str
)
def test_lesson_content_has_a_history_page(client, demo_data, model):
    from django.apps import apps

    client.force_login(StaffFactory())
    obj = apps.get_model("lessons", model).objects.order_by("pk").first()
    assert obj.history.exists()
    url = reverse(f"admin:lessons_{model}_history", args=[obj.pk])
    assert client.get(url).status_code == 200


# --- list pages: the same cost for 2 rows as for 20, and a pinned cap -------------

# What each list costs today (session, user, counts, the page, filters' choices).
ADMIN_LIST_CAPS = {
    "accounts_user": 5,
    "sources_source": 9,  # +1: the perspectives its filter offers
    "sources_excerpt": 5,
    "lessons_unit": 6,
    "classrooms_classroom": 6,
    "classrooms_enrolment": 6,
}


def _admin_rows(n, teacher):
    for i in range(n):
        passage_build(owner=teacher, title=f"Admin source {i}")
        unit_create(owner=teacher, title=f"Admin unit {i}")
        class_build(owner=teacher, name=f"Admin class {i}", students=1)


@pytest.mark.django_db
def test_admin_lists_cost_the_same_for_2_rows_as_for_20(client, teacher):
    client.force_login(StaffFactory())

    def counts():
        found = {}
        for name in ADMIN_LIST_CAPS:
            with CaptureQueriesContext(connection) as queries:
                assert (
                    client.get(reverse(f"admin:{name}_changelist")).status_code == 200
                )
            found[name] = len(queries)
        return found

    _admin_rows(2, teacher)
    small = counts()
    _admin_rows(18, teacher)
    large = counts()
    assert large == small
    assert all(large[name] <= cap for name, cap in ADMIN_LIST_CAPS.items()), large


def test_an_add_page_filled_from_a_broken_query_string_opens(client, db):
    """``?due_at=2400`` or a non-numeric id in the add page's query string used
    to answer 500 (the admin hands the raw text to the widget)."""
    client.force_login(StaffFactory())
    for url, query in [
        ("admin:assignments_assignment_add", "?due_at=2400&classroom=%ED%A0%80"),
        ("admin:lessons_lessonexcerpt_add", "?excerpt=abc&lesson=-1e9"),
        ("admin:assignments_assignment_add", "?due_at=2030-01-01%2010:00"),
    ]:
        assert client.get(reverse(url) + query).status_code == 200, query


def test_a_refused_add_form_with_a_broken_id_in_an_autocomplete_box_opens(client, db):
    client.force_login(StaffFactory())
    response = client.post(
        reverse("admin:assignments_response_add"), {"student": "9999-12-31"}
    )
    assert response.status_code == 200
