"""Joining at the same moment, on PostgreSQL with real threads (and connections)."""

import threading

import pytest
from django.db import connection

from classrooms.models import Enrolment
from classrooms.services import classroom_create, classroom_join
from tests.builders import StudentFactory, TeacherFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(calls):
    """Start every call at once (a barrier), each on its own database connection."""
    barrier = threading.Barrier(len(calls))
    errors = []

    def worker(call):
        try:
            barrier.wait()
            call()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []


def test_two_students_joining_at_once_each_get_one_enrolment():
    classroom = classroom_create(owner=TeacherFactory(), name="History")
    a, b = StudentFactory(), StudentFactory()
    for _round in range(5):
        run_together(
            [
                lambda: classroom_join(student=a, code=classroom.join_code),
                lambda: classroom_join(student=b, code=classroom.join_code),
            ]
        )
    assert Enrolment.objects.filter(classroom=classroom, student=a).count() == 1
    assert Enrolment.objects.filter(classroom=classroom, student=b).count() == 1


def test_same_student_joining_twice_at_once_gets_one_enrolment():
    classroom = classroom_create(owner=TeacherFactory(), name="History")
    student = StudentFactory()
    run_together(
        [lambda: classroom_join(student=student, code=classroom.join_code)] * 8
    )
    assert Enrolment.objects.filter(classroom=classroom, student=student).count() == 1
