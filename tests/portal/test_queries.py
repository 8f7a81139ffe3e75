"""Queries compiled to SQL once (portal.queries.CompiledOnce): the same rows as the
ORM's, for whatever ids each call gives, the query built once for each shape."""

import pytest

from accounts.models import User
from portal.queries import CompiledOnce
from tests.builders import StudentFactory, TeacherFactory


def _people(person, among):
    return (
        User.objects.filter(pk__in=among)
        .exclude(pk=person)
        .order_by("pk")
        .values_list("pk", "username", "is_staff", "date_joined")
    )


def test_each_call_sends_its_own_ids_and_gets_the_orm_s_rows(
    db, django_assert_num_queries
):
    built = []
    people = CompiledOnce(lambda **ids: built.append(ids) or _people(**ids))
    ana, bo, cy = StudentFactory(), TeacherFactory(is_staff=True), StudentFactory()
    for person, among in [
        (ana.pk, [ana.pk, bo.pk]),
        (bo.pk, [ana.pk, cy.pk]),
        (cy.pk, [cy.pk, bo.pk]),
        (ana.pk, [bo.pk, cy.pk, ana.pk]),
    ]:
        with django_assert_num_queries(1):
            rows = people.rows(person=person, among=among)
        assert [tuple(row) for row in rows] == list(_people(person, among))
    # Once for two ids in the list, once for three.
    assert [len(ids["among"]) for ids in built] == [2, 3]
    assert all(ids["person"] < 0 for ids in built)  # stand-ins, never an id


def test_the_rows_come_with_the_field_s_types(db):
    staff = TeacherFactory(is_staff=True)
    people = CompiledOnce(_people)
    ((pk, _name, is_staff, joined),) = people.rows(person=0, among=[staff.pk])
    assert (pk, is_staff, joined) == (staff.pk, True, staff.date_joined)


def test_only_ids_are_taken(db):
    people = CompiledOnce(_people)
    with pytest.raises(TypeError, match="person must be an id"):
        people.rows(person="1", among=[1])


def _fields(instance) -> list:
    return [getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields]


def test_a_row_with_its_joins_is_what_select_related_gives(
    db, teacher, student, django_assert_num_queries
):
    from decimal import Decimal

    from assignments.models import Feedback, Response
    from assignments.services import answers
    from portal.queries import joined, joined_columns
    from tests.assignments.conftest import (
        build_assignment,
        enrol,
        post_answer,
        prompt_of,
    )

    assignment = build_assignment(teacher, prompts=2)
    enrol(assignment.classroom, student)
    scored = post_answer(student, assignment, n=0)
    Feedback.objects.create(
        response=scored, score=Decimal("7.5"), max_points=10, comment="Good."
    )
    answers.response_get_or_create(  # a draft: no version, no feedback
        assignment=assignment, prompt=prompt_of(assignment, 1), student=student
    )
    related = ("latest_version", "feedback", "prompt__lesson")
    mine = Response.objects.filter(student=student).order_by("pk")
    made = [
        joined(Response, related, row)
        for row in mine.values_list(*joined_columns(Response, related))
    ]
    theirs = list(mine.select_related(*related))
    assert len(made) == len(theirs) == 2
    with django_assert_num_queries(0):  # every join already in hand
        for one, other in zip(made, theirs, strict=True):
            assert _fields(one) == _fields(other)
            assert _fields(one.prompt) == _fields(other.prompt)
            assert _fields(one.prompt.lesson) == _fields(other.prompt.lesson)
            for name in ("latest_version", "feedback"):
                got, expected = getattr(one, name, None), getattr(other, name, None)
                assert (got is None) == (expected is None)
                if got is not None:
                    assert _fields(got) == _fields(expected)
            # A one-to-one join is set from both sides, as select_related() sets it.
            if got := getattr(one, "feedback", None):
                assert got.response is one
    assert made[0].feedback.score == Decimal("7.5")
    assert made[1].latest_version is None
    assert getattr(made[1], "feedback", None) is None
