"""A discussion in groups: each student reads and replies to their own group's
answers only (another group's answer is not listed and answers 404), a student in
no group has only their own, teachers see every group's with its name, and reply
notifications stay inside the group."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assignments.models import Reply
from assignments.services.assignments import assignment_update
from classrooms.models import Enrolment
from classrooms.services.groups import group_create, group_members_set
from notifications.models import Notification
from tests.assignments.conftest import (
    build_assignment,
    bulk_class,
    enrol,
    post_answer,
    prompt_of,
)


def _grouped(teacher):
    """An assignment discussed in groups: Reds (ana, ben), Blues (cy), dee in none;
    each has posted an answer to the first question."""
    assignment = build_assignment(
        teacher, discussion_visibility="always", discussion_in_groups=True
    )
    classroom = assignment.classroom
    people = {name: enrol(classroom) for name in ("ana", "ben", "cy", "dee")}
    for name, members in [("Reds", ["ana", "ben"]), ("Blues", ["cy"])]:
        group = group_create(classroom=classroom, name=name)
        group_members_set(
            classroom=classroom,
            enrolment_ids=Enrolment.objects.filter(
                student__in=[people[m] for m in members]
            ).values_list("pk", flat=True),
            group=group,
        )
    answers = {
        name: post_answer(who, assignment, f"Answer of {name}.")
        for name, who in people.items()
    }
    return assignment, people, answers


def _discussion(assignment):
    return reverse(
        "assignments:discussion", args=[assignment.pk, prompt_of(assignment).pk]
    )


def test_students_see_only_their_own_groups_answers(client, teacher):
    assignment, people, _answers = _grouped(teacher)
    seen = {}
    for name, who in people.items():
        client.force_login(who)
        html = client.get(_discussion(assignment)).content.decode()
        seen[name] = {n for n in people if f"Answer of {n}." in html}
        assert "you see the answers of your own group" in html
    assert seen == {
        "ana": {"ana", "ben"},
        "ben": {"ana", "ben"},
        "cy": {"cy"},
        "dee": {"dee"},  # in no group: their own only
    }


def test_replying_to_another_groups_answer_is_404_and_notifies_nobody(client, teacher):
    assignment, people, answers = _grouped(teacher)
    client.force_login(people["cy"])
    before = Notification.objects.count()
    refused = client.post(
        reverse("assignments:reply_create", args=[answers["ana"].pk]),
        {"text": "Sneaking in."},
    )
    assert refused.status_code == 404
    assert not Reply.objects.exists()
    assert Notification.objects.count() == before
    # Within the group: the reply is posted and its answer's author hears of it.
    client.force_login(people["ben"])
    posted = client.post(
        reverse("assignments:reply_create", args=[answers["ana"].pk]),
        {"text": "Good point."},
    )
    assert posted.status_code == 302
    assert Notification.objects.filter(recipient=people["ana"]).count() == 1
    assert not Notification.objects.filter(recipient=people["cy"]).exists()


def test_teacher_sees_every_group_labelled(teacher_client, teacher):
    assignment, people, _answers = _grouped(teacher)
    html = teacher_client.get(_discussion(assignment)).content.decode()
    for name in people:
        assert f"Answer of {name}." in html
    assert html.count('discussion-group">Reds<') == 2
    assert html.count('discussion-group">Blues<') == 1
    assert html.count('discussion-group">No group<') == 1


def test_switching_groups_off_opens_the_whole_class_again(client, teacher):
    assignment, people, _answers = _grouped(teacher)
    assignment_update(assignment=assignment, discussion_in_groups=False)
    client.force_login(people["cy"])
    html = client.get(_discussion(assignment)).content.decode()
    assert all(f"Answer of {n}." in html for n in people)


def test_a_grouped_discussion_costs_the_same_for_5_and_200_students(
    client, teacher, django_assert_num_queries
):
    assignment, people, _answers = _grouped(teacher)
    client.force_login(people["ana"])
    with CaptureQueriesContext(connection) as small:
        assert client.get(_discussion(assignment)).status_code == 200
    bulk_class(assignment, 200)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(_discussion(assignment)).status_code == 200


def test_the_assignment_page_counts_only_the_groups_answers(client, teacher):
    assignment, people, _answers = _grouped(teacher)
    page = reverse("assignments:assignment_detail", args=[assignment.pk])
    for name, count in [("ana", 1), ("cy", 0), ("dee", 0)]:
        client.force_login(people[name])
        html = client.get(page).content.decode()
        assert f"Classmates' answers ({count})" in html, name
