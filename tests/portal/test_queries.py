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
