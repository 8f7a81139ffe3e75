"""Small groups in a class: the services, the groups page (no JavaScript needed),
the roster's group filter, and who may reach a group of another class."""

import random
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from classrooms.models import Enrolment, Group
from classrooms.services.groups import (
    group_create,
    group_delete,
    group_members_set,
    group_rename,
    groups_split,
)
from tests.builders import TeacherFactory, class_build
from tests.classrooms.conftest import students_bulk_enrol


def url(name, **kwargs):
    return reverse(f"classrooms:{name}", kwargs=kwargs)


# --- services --------------------------------------------------------------------


def test_group_names_are_unique_within_a_class_only(classroom, teacher):
    group_create(classroom=classroom, name="  Table   one ")
    assert Group.objects.get().name == "Table one"
    with pytest.raises(ValidationError) as refused:
        group_create(classroom=classroom, name="Table one")
    assert "already has a group with that name" in str(refused.value)
    other = class_build(owner=teacher, name="Other")
    group_create(classroom=other, name="Table one")  # another class: fine
    with pytest.raises(ValidationError):
        group_create(classroom=classroom, name="   ")


def test_rename_and_delete_keep_the_students_in_the_class(classroom, make_students):
    students = make_students(2)
    group = group_create(classroom=classroom, name="Reds")
    ids = Enrolment.objects.filter(classroom=classroom).values_list("pk", flat=True)
    assert group_members_set(classroom=classroom, enrolment_ids=ids, group=group) == 2
    group_rename(group=group, name="Blues")
    assert Group.objects.get().name == "Blues"
    assert group_delete(group=group) == 2
    assert (
        Enrolment.objects.filter(
            classroom=classroom, student__in=students, group__isnull=True
        ).count()
        == 2
    )


def test_a_group_of_another_class_is_refused(classroom, teacher, make_students):
    make_students(1)
    other = group_create(classroom=class_build(owner=teacher), name="Elsewhere")
    with pytest.raises(ValidationError):
        group_members_set(
            classroom=classroom,
            enrolment_ids=Enrolment.objects.values_list("pk", flat=True),
            group=other,
        )


def test_split_shares_the_class_at_random_in_sizes_one_apart(classroom):
    students_bulk_enrol(classroom, 23)
    group_create(classroom=classroom, name="Old")
    groups = groups_split(classroom=classroom, count=4, rng=random.Random(1))
    assert [g.name for g in groups] == ["Group 1", "Group 2", "Group 3", "Group 4"]
    assert not Group.objects.filter(name="Old").exists()
    sizes = Counter(
        Enrolment.objects.filter(classroom=classroom).values_list("group", flat=True)
    )
    assert sorted(sizes.values()) == [5, 6, 6, 6]
    assert None not in sizes
    with pytest.raises(ValidationError):
        groups_split(classroom=classroom, count=24)  # more groups than students


# --- the groups page -------------------------------------------------------------


def test_teacher_makes_groups_and_moves_several_students_at_once(
    teacher_client, classroom, make_students
):
    a, b, c = make_students(3)
    response = teacher_client.post(
        url("group_create", pk=classroom.pk), {"new-name": "Reds"}
    )
    assert response.status_code == 302
    reds = Group.objects.get(name="Reds")
    ids = list(
        Enrolment.objects.filter(student__in=[a, b]).values_list("pk", flat=True)
    )
    response = teacher_client.post(
        url("groups_assign", pk=classroom.pk),
        {"students": ids, "group": str(reds.pk)},
        follow=True,
    )
    assert "2 students moved to Reds." in response.content.decode()
    assert set(reds.enrolments.values_list("student", flat=True)) == {a.pk, b.pk}
    # And out again, to no group.
    teacher_client.post(
        url("groups_assign", pk=classroom.pk), {"students": ids[:1], "group": "none"}
    )
    assert list(reds.enrolments.values_list("student", flat=True)) == [b.pk]


def test_refusals_come_back_beside_their_field(
    teacher_client, classroom, make_students
):
    make_students(2)
    group_create(classroom=classroom, name="Reds")
    html = teacher_client.post(
        url("group_create", pk=classroom.pk), {"new-name": "Reds"}
    ).content.decode()
    assert "This class already has a group with that name." in html
    assert 'aria-invalid="true"' in html and 'value="Reds"' in html
    html = teacher_client.post(
        url("groups_assign", pk=classroom.pk), {"group": "none"}
    ).content.decode()
    assert "Tick at least one student." in html
    html = teacher_client.post(
        url("groups_split", pk=classroom.pk), {"split-count": "9"}
    ).content.decode()
    assert "Choose between 1 and 2 groups" in html
    assert Group.objects.count() == 1


def test_rename_and_delete_pages(teacher_client, classroom):
    group = group_create(classroom=classroom, name="Reds")
    rename = url("group_rename", pk=classroom.pk, group_pk=group.pk)
    assert teacher_client.post(rename, {"name": "Greens"}).status_code == 302
    assert Group.objects.get().name == "Greens"
    delete = url("group_delete", pk=classroom.pk, group_pk=group.pk)
    assert "Delete the group “Greens”?" in teacher_client.get(delete).content.decode()
    assert Group.objects.exists()  # asking changes nothing
    assert teacher_client.post(delete).status_code == 302
    assert not Group.objects.exists()


def test_another_teacher_gets_404_for_the_groups_of_a_class(client, classroom):
    group = group_create(classroom=classroom, name="Reds")
    client.force_login(TeacherFactory())
    for name, kwargs in [
        ("groups", {"pk": classroom.pk}),
        ("group_rename", {"pk": classroom.pk, "group_pk": group.pk}),
        ("group_delete", {"pk": classroom.pk, "group_pk": group.pk}),
    ]:
        assert client.get(url(name, **kwargs)).status_code == 404
    for name in ("group_create", "groups_split", "groups_assign"):
        assert client.post(url(name, pk=classroom.pk)).status_code == 404
    assert Group.objects.get().name == "Reds"


def test_a_group_is_reached_only_through_its_own_class(
    teacher_client, teacher, classroom
):
    other = class_build(owner=teacher, name="Other")
    group = group_create(classroom=other, name="Theirs")
    wrong = url("group_delete", pk=classroom.pk, group_pk=group.pk)
    assert teacher_client.post(wrong).status_code == 404
    assert Group.objects.filter(pk=group.pk).exists()


# --- the roster's group filter ---------------------------------------------------

# The groups page: session, viewer, class, co-teachers, groups with sizes, students.
GROUPS_PAGE_QUERIES = 7  # +1: the bell's count in the header
ROSTER_QUERIES = 11  # tests/classrooms/test_views.py's cap, the group filter added


def test_roster_group_filter_and_labels(teacher_client, classroom, make_students):
    a, b = make_students(2)
    reds = group_create(classroom=classroom, name="Reds")
    group_members_set(
        classroom=classroom,
        enrolment_ids=Enrolment.objects.filter(student=a).values_list("pk", flat=True),
        group=reds,
    )
    page = url("classroom_detail", pk=classroom.pk)
    html = teacher_client.get(page, {"group": reds.pk}).content.decode()
    assert a.username in html and b.username not in html
    assert "Group: Reds" in html
    assert "1 of 2 students in this group." in html
    html = teacher_client.get(page, {"group": "none"}).content.decode()
    assert b.username in html and a.username not in html


def test_groups_page_and_filtered_roster_cost_the_same_at_10_and_300(
    teacher_client, classroom, django_assert_num_queries, django_assert_max_num_queries
):
    students_bulk_enrol(classroom, 10)
    groups_split(classroom=classroom, count=3)
    pages = [
        (url("groups", pk=classroom.pk), {}, GROUPS_PAGE_QUERIES),
        (url("classroom_detail", pk=classroom.pk), {"group": "none"}, ROSTER_QUERIES),
    ]
    small = []
    for page, query, _cap in pages:
        with CaptureQueriesContext(connection) as counted:
            assert teacher_client.get(page, query).status_code == 200
        small.append(len(counted.captured_queries))
    students_bulk_enrol(classroom, 290, start=10)
    groups_split(classroom=classroom, count=10)
    for (page, query, cap), count in zip(pages, small, strict=True):
        with (
            django_assert_num_queries(count),
            django_assert_max_num_queries(cap),
        ):
            assert teacher_client.get(page, query).status_code == 200
