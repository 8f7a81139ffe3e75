"""Behaviour found in the security review: each test is one thing a person would
notice if it went wrong."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory, override_settings
from django.urls import reverse

from accounts.services import user_create
from portal.network import client_address
from portal.spreadsheets import csv_safe as _cell
from tests.assignments.conftest import build_assignment, enrol

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_a_save_from_someone_who_must_change_their_password_is_refused_as_json(
    client, teacher
):
    """The page's fetch() must not follow a redirect to the password page and take
    its HTML for a successful save."""
    assignment = build_assignment(teacher)
    kid = user_create(username="kid", password="OneTime-99", must_change_password=True)
    enrol(assignment.classroom, kid)
    prompt = assignment.lesson.prompts.first()
    client.force_login(kid)
    url = reverse("assignments:response_autosave", args=[assignment.pk, prompt.pk])
    response = client.post(url, {"text": "my answer", "revision": 1})
    assert response.status_code == 403
    assert response.json()["error"] == "password_change_required"


@pytest.mark.django_db
def test_deleting_a_passage_used_in_a_lesson_is_refused_with_a_message(
    teacher_client, teacher
):
    from sources.services import excerpt_delete, source_delete

    assignment = build_assignment(teacher)
    excerpt = assignment.lesson.lesson_excerpts.first().excerpt
    with pytest.raises(ValidationError, match="used in lessons"):
        excerpt_delete(excerpt=excerpt)
    with pytest.raises(ValidationError, match="used in lessons"):
        source_delete(source=excerpt.source)
    assert type(excerpt).objects.filter(pk=excerpt.pk).exists()


@pytest.mark.django_db
def test_deleting_a_passage_someone_cited_says_why_it_stays(teacher, student):
    from assignments.services.answers import citation_add, response_get_or_create
    from sources.services import excerpt_delete

    assignment = build_assignment(teacher)
    enrol(assignment.classroom, student)
    prompt = assignment.lesson.prompts.first()
    excerpt = assignment.lesson.lesson_excerpts.first().excerpt
    response = response_get_or_create(
        assignment=assignment, prompt=prompt, student=student
    )
    citation_add(response=response, excerpt=excerpt, paragraph=1, quotation="lend")
    with pytest.raises(ValidationError) as refused:
        excerpt_delete(excerpt=excerpt)
    assert refused.value.code in {"cited", "in_use"}


def test_behind_a_proxy_the_visitor_address_is_the_one_the_proxy_appended():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )
    with override_settings(PORTAL_BEHIND_PROXY=True):
        assert client_address(request) == "203.0.113.9"
    with override_settings(PORTAL_BEHIND_PROXY=False):
        assert client_address(request) == "10.0.0.1"


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_login_card_csv_cells_never_start_a_formula(value):
    assert _cell(value) == "'" + value


@pytest.mark.django_db
def test_classmates_never_see_a_username_as_a_name():
    nameless = user_create(username="secret.login", password="x-Long-pass-1")
    assert "secret.login" not in nameless.display_name


def _without_portal_env():
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PORTAL_"))
    }
    env.update(DJANGO_SETTINGS_MODULE="portal.settings", DJANGO_DEBUG="0")
    return env


def test_production_refuses_to_serve_without_a_secret_key():
    result = subprocess.run(
        [sys.executable, "-c", "import portal.wsgi"],
        cwd=ROOT,
        env=_without_portal_env(),
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_check_deploy_warns_about_the_development_secret_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=_without_portal_env(),
        capture_output=True,
        text=True,
    )
    assert "portal.W001" in result.stdout + result.stderr


def test_management_commands_work_in_a_development_checkout():
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env=_without_portal_env(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
