from django.db import IntegrityError, transaction

from classrooms.models import Classroom, Enrolment


@transaction.atomic
def classroom_create(
    *, owner, name: str, section: str = "", school_year: str = ""
) -> Classroom:
    """Create a class owned by a teacher."""
    classroom = Classroom(
        owner=owner, name=name, section=section, school_year=school_year
    )
    classroom.full_clean()
    classroom.save()
    return classroom


def enrolment_ensure(*, classroom: Classroom, student) -> Enrolment:
    """Put a student in a class; joining twice (or at the same moment) leaves one
    enrolment, which the database's unique constraint guarantees."""
    try:
        with transaction.atomic():
            enrolment, _ = Enrolment.objects.get_or_create(
                classroom=classroom, student=student
            )
    except IntegrityError:
        enrolment = Enrolment.objects.get(classroom=classroom, student=student)
    return enrolment
