"""Accommodations per student, set by the class's teacher on the roster
(classrooms.views.student_accommodations, services.enrolment_accommodations_set)."""

import re
from urllib.parse import urljoin

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from classrooms.models import Enrolment
from classrooms.selectors import Accommodations, accommodations_for
from classrooms.services import (
    classroom_create,
    enrolment_accommodations_set,
    enrolment_ensure,
    enrolment_remove,
)


@pytest.fixture
def enrolment(teacher, student):
    classroom = classroom_create(owner=teacher, name="History", section="P2")
    return enrolment_ensure(classroom=classroom, student=student)


def _url(enrolment):
    return reverse(
        "classrooms:student_accommodations",
        args=[enrolment.classroom_id, enrolment.student_id],
    )


def test_teacher_sets_extended_time_and_adapted_first_from_the_roster(
    teacher_client, enrolment
):
    address = enrolment.classroom.get_absolute_url()
    roster = teacher_client.get(address).content.decode()
    # The row's links are written relative to the roster: followed from it.
    links = [urljoin(address, href) for href in re.findall(r'href="([^"]+)"', roster)]
    assert _url(enrolment) in links

    page = teacher_client.get(_url(enrolment))
    assert page.status_code == 200
    assert "Accommodations for Sam Student" in page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0")

    response = teacher_client.post(
        _url(enrolment), {"extra_days": "2", "first_version": "adapted"}
    )
    assert response.status_code == 302
    assert accommodations_for(
        student=enrolment.student, classroom_id=enrolment.classroom_id
    ) == Accommodations(extra_days=2, first_version="adapted")
    roster = teacher_client.get(response["Location"]).content.decode()
    assert "Accommodations saved for Sam Student." in roster
    assert "+2 days" in roster
    assert "Adapted first" in roster


@pytest.mark.parametrize("value", ["31", "-1", "two"])
def test_a_wrong_number_is_refused_beside_the_field(teacher_client, enrolment, value):
    page = teacher_client.post(_url(enrolment), {"extra_days": value})
    assert page.status_code == 200
    text = page.content.decode()
    # The message beside the field (described by it), and the summary that takes
    # focus; the value typed is kept.
    assert 'aria-describedby="id_extra_days_helptext id_extra_days_error"' in text
    assert '<div id="id_extra_days_error" class="invalid-feedback">' in text
    assert "data-error-summary" in text
    assert f'value="{value}"' in text
    assert Enrolment.objects.get(pk=enrolment.pk).extra_days == 0


def test_another_teacher_and_a_removed_student_get_404(
    client, other_teacher, teacher, enrolment
):
    client.force_login(other_teacher)
    assert client.get(_url(enrolment)).status_code == 404
    enrolment_remove(enrolment=enrolment)
    client.force_login(teacher)
    assert client.get(_url(enrolment)).status_code == 404
    with pytest.raises(ValidationError):
        enrolment_accommodations_set(enrolment=enrolment, extra_days=1)


def test_the_service_refuses_more_than_a_month(enrolment):
    with pytest.raises(ValidationError):
        enrolment_accommodations_set(enrolment=enrolment, extra_days=31)


def test_without_accommodations_a_student_gets_the_defaults(enrolment, teacher):
    assert (
        accommodations_for(
            student=enrolment.student, classroom_id=enrolment.classroom_id
        )
        == Accommodations()
    )
    assert (
        accommodations_for(student=teacher, classroom_id=enrolment.classroom_id)
        == Accommodations()
    )
