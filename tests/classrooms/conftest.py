import pytest

from accounts.models import User
from classrooms.models import Enrolment
from classrooms.services import classroom_create, enrolment_ensure
from tests.builders import StudentFactory


@pytest.fixture
def classroom(teacher):
    return classroom_create(
        owner=teacher, name="U.S. History", section="Period 3", school_year="2026–27"
    )


@pytest.fixture
def enrolled(classroom, student):
    enrolment_ensure(classroom=classroom, student=student)
    return student


@pytest.fixture
def make_students(classroom):
    def make(n):
        students = StudentFactory.create_batch(n)
        for s in students:
            enrolment_ensure(classroom=classroom, student=s)
        return students

    return make


def students_bulk_enrol(classroom, n, *, start=0, last_name="Pupil"):
    """N students on the roster at once (no password: they never sign in), named
    "Pupil, Student<i>" with usernames pupil<i>: fast enough for a class of 1,000."""
    students = User.objects.bulk_create(
        User(
            username=f"pupil{i}",
            first_name=f"Student{i}",
            last_name=last_name,
            role=User.Role.STUDENT,
        )
        for i in range(start, start + n)
    )
    Enrolment.objects.bulk_create(
        Enrolment(classroom=classroom, student=s) for s in students
    )
    return students
