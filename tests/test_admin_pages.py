"""Every admin page of every registered model: it renders for staff and is refused to
teachers and students (the access-policy table gives the admin namespace to staff)."""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from tests.factories import StaffFactory, StudentFactory, TeacherFactory


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
    call_command("seed_demo", "--quiet-logins")


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
