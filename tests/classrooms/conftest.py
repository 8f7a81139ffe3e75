import pytest

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
