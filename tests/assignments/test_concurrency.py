"""Submitting at the same moment, on PostgreSQL with real threads (and connections)."""

import threading
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from assignments.models import Response, SubmissionVersion
from tests.assignments.conftest import build_assignment, enrol
from tests.builders import StudentFactory, TeacherFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(calls):
    """Start every call at once (a barrier), each on its own database connection."""
    barrier = threading.Barrier(len(calls))
    results, errors = [], []

    def worker(call):
        try:
            barrier.wait()
            results.append(call())
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    return results


def _setup():
    assignment = build_assignment(TeacherFactory(), prompts=1, min_citations=0)
    student = enrol(assignment.classroom, StudentFactory())
    prompt = assignment.lesson.prompts.get()
    url = reverse("assignments:response_submit", args=[assignment.pk, prompt.pk])
    return student, url


def _client(student):
    client = Client()
    client.force_login(student)
    return client


def test_twenty_concurrent_submits_of_the_same_answer_make_one_submission():
    """A double click, retries and a second tab at once: same page load key."""
    student, url = _setup()
    clients = [_client(student) for _ in range(20)]
    key = str(uuid.uuid4())
    data = {"text": "One answer.", "idempotency_key": key}
    statuses = run_together(
        [lambda c=c: c.post(url, data).status_code for c in clients]
    )
    assert statuses == [302] * 20
    assert Response.objects.filter(student=student).count() == 1
    assert SubmissionVersion.objects.filter(response__student=student).count() == 1


def test_two_tabs_submitting_the_same_text_at_once_make_one_submission():
    """Different page loads (keys), same text and evidence: still one version."""
    student, url = _setup()
    clients = [_client(student) for _ in range(10)]
    calls = [
        lambda c=c: (
            c.post(
                url,
                {
                    "text": "Same.",
                    "idempotency_key": str(uuid.uuid4()),
                },
            ).status_code
        )
        for c in clients
    ]
    assert run_together(calls) == [302] * 10
    assert SubmissionVersion.objects.filter(response__student=student).count() == 1
