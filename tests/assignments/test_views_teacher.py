"""The teacher's assignment pages, rubrics and comment bank."""

from django.urls import reverse
from django.utils import timezone

from assignments.models import (
    Assignment,
    Criterion,
    CriterionScore,
    Feedback,
    Rubric,
)
from assignments.services import answers
from assignments.services.assignments import assignment_rubric_set
from assignments.services.rubrics import rubric_create
from classrooms.services import classroom_create
from lessons.services import unit_publish
from tests.assignments.conftest import build_assignment, enrol, prompt_of
from tests.builders import StudentFactory


def test_teacher_assigns_a_lesson_to_two_classes(teacher_client, teacher):

    lesson = build_assignment(teacher).lesson
    unit_publish(unit=lesson.unit)
    a = classroom_create(owner=teacher, name="World history", section="P3")
    b = classroom_create(owner=teacher, name="World history", section="P4")
    response = teacher_client.post(
        reverse("assignments:assignment_create"),
        {
            "lesson": lesson.pk,
            "classrooms": [a.pk, b.pk],
            "available_from": "2030-03-01T08:00",
            "due_at": "2030-03-05T15:30",
            "points": 20,
            "late_work_allowed": "on",
            "discussion_visibility": "after_posting",
            "instructions": "Read, then answer.",
        },
    )
    assert response.status_code == 302
    made = Assignment.objects.filter(classroom__in=[a, b])
    assert made.count() == 2
    due = timezone.localtime(made.first().due_at)
    assert (due.hour, due.minute) == (15, 30)  # school time


def test_a_due_date_past_the_calendar_is_refused_next_to_its_field(
    teacher_client, assignment
):
    """9999-12-31 23:59 in the school's zone is the year 10000 in UTC, which the
    database stores but cannot give back: every page showing it would break."""
    edit = reverse("assignments:assignment_edit", args=[assignment.pk])
    due = assignment.due_at
    for typed, message in [
        ("9999-12-31T23:59", "Choose a date before the year 2100."),
        ("2100-06-01T08:00", "Choose a date before the year 2100."),
    ]:
        response = teacher_client.post(
            edit,
            {
                "available_from": "2030-01-01T08:00",
                "due_at": typed,
                "points": 5,
                "discussion_visibility": "always",
            },
        )
        assert response.status_code == 200
        assert response.context["form"].errors["due_at"] == [message]
        assignment.refresh_from_db()
        assert assignment.due_at == due
    # The page showing the class's assignments still opens.
    manage = reverse("assignments:assignment_manage", args=[assignment.pk])
    assert teacher_client.get(manage).status_code == 200


def test_an_availability_date_before_2000_is_refused(teacher_client, assignment):
    edit = reverse("assignments:assignment_edit", args=[assignment.pk])
    response = teacher_client.post(
        edit,
        {
            "available_from": "0001-01-01T00:00",
            "due_at": "2030-01-10T08:00",
            "points": 5,
            "discussion_visibility": "always",
        },
    )
    assert response.context["form"].errors["available_from"] == [
        "Choose a date in the year 2000 or later."
    ]


def test_teacher_of_another_class_gets_404(client, other_teacher, assignment):
    client.force_login(other_teacher)
    for name in ["assignment_manage", "assignment_edit"]:
        assert (
            client.get(reverse(f"assignments:{name}", args=[assignment.pk])).status_code
            == 404
        )
    url = reverse(
        "assignments:discussion", args=[assignment.pk, prompt_of(assignment).pk]
    )
    assert client.get(url).status_code == 404


def test_teacher_changes_dates_and_closes(teacher_client, assignment):
    edit = reverse("assignments:assignment_edit", args=[assignment.pk])
    teacher_client.post(
        edit,
        {
            "available_from": "2030-01-01T08:00",
            "due_at": "2030-01-10T08:00",
            "discussion_visibility": "always",
        },
    )
    assignment.refresh_from_db()
    assert not assignment.late_work_allowed
    teacher_client.post(reverse("assignments:assignment_close", args=[assignment.pk]))
    assignment.refresh_from_db()
    assert assignment.is_closed


def _rubric(owner):
    return rubric_create(
        owner=owner,
        title="Evidence",
        criteria=[
            {"title": "Uses the source", "skill": "sourcing", "points": 4},
            {"title": "Explains", "skill": "claim_evidence", "points": 3},
        ],
    )


def _criteria_post(rows, title="Evidence"):
    data = {
        "title": title,
        "criteria-TOTAL_FORMS": str(len(rows)),
        "criteria-INITIAL_FORMS": "0",
    }
    for n, row in enumerate(rows):
        for key, value in row.items():
            data[f"criteria-{n}-{key}"] = value
    return data


def test_a_teacher_changes_and_reorders_a_rubric_and_removes_a_criterion(
    teacher_client, teacher
):
    rubric = _rubric(teacher)
    first, second = rubric.criteria.order_by("order")
    url = reverse("assignments:rubric_edit", args=[rubric.pk])
    page = teacher_client.get(url).content.decode()
    assert 'value="Uses the source"' in page
    done = teacher_client.post(
        url,
        _criteria_post(
            [
                {
                    "id": second.pk,
                    "title": "Explains well",
                    "skill": "sourcing",
                    "points": 5,
                },
                {"id": first.pk, "title": "", "skill": "sourcing", "points": 4},
                {"title": "Context", "skill": "contextualization", "points": 2},
            ],
            title="Evidence (v2)",
        ),
        follow=True,
    )
    assert "The rubric is changed." in done.content.decode()
    rubric.refresh_from_db()
    assert rubric.title == "Evidence (v2)"
    assert [(c.title, c.points) for c in rubric.criteria.order_by("order")] == [
        ("Explains well", 5),
        ("Context", 2),
    ]


def test_only_the_owner_reaches_a_rubric(client, other_teacher, teacher):
    rubric = _rubric(teacher)
    client.force_login(other_teacher)
    for name in ("rubric_edit", "rubric_delete"):
        assert (
            client.get(reverse(f"assignments:{name}", args=[rubric.pk])).status_code
            == 404
        )
    assert (
        client.post(reverse("assignments:rubric_delete", args=[rubric.pk])).status_code
        == 404
    )
    assert Rubric.objects.filter(pk=rubric.pk).exists()


def test_deleting_a_rubric_in_use_is_refused_with_the_assignment_named(
    teacher_client, teacher
):
    rubric = _rubric(teacher)
    assignment = build_assignment(teacher)
    assignment_rubric_set(assignment=assignment, rubric=rubric)
    url = reverse("assignments:rubric_delete", args=[rubric.pk])
    refused = teacher_client.post(url, follow=True).content.decode()
    assert "This rubric is used by Aid and alliance" in refused
    assert Rubric.objects.filter(pk=rubric.pk).exists()
    assignment_rubric_set(assignment=assignment, rubric=None)
    deleted = teacher_client.post(url, follow=True).content.decode()
    assert "is deleted" in deleted
    assert not Rubric.objects.filter(pk=rubric.pk).exists()
    assert not Criterion.objects.filter(rubric_id=rubric.pk).exists()


def test_a_criterion_answers_were_scored_on_is_kept(teacher_client, teacher):

    rubric = _rubric(teacher)
    first, second = rubric.criteria.order_by("order")
    assignment = build_assignment(teacher)
    student = enrol(assignment.classroom, StudentFactory())
    response = answers.response_get_or_create(
        assignment=assignment, prompt=prompt_of(assignment), student=student
    )
    feedback = Feedback.objects.create(response=response, max_points=2)
    CriterionScore.objects.create(
        feedback=feedback, criterion=first, points=2, max_points=4
    )
    refused = teacher_client.post(
        reverse("assignments:rubric_edit", args=[rubric.pk]),
        _criteria_post(
            [{"id": second.pk, "title": "Explains", "skill": "sourcing", "points": 3}]
        ),
    ).content.decode()
    assert "“Uses the source” has already been used to score answers" in refused
    assert rubric.criteria.count() == 2
    kept = teacher_client.post(
        reverse("assignments:rubric_delete", args=[rubric.pk]), follow=True
    ).content.decode()
    assert "Answers were already scored with this rubric" in kept
    assert Rubric.objects.filter(pk=rubric.pk).exists()


# --- the assign form's defaults ------------------------------------------------------


def test_the_assign_form_picks_the_only_class_a_due_date_and_names_the_zone(
    teacher_client, teacher
):
    lesson = build_assignment(teacher).lesson  # makes the class "History (P1)"
    page = teacher_client.get(
        reverse("assignments:assignment_create"), {"lesson": lesson.pk}
    )
    form = page.context["form"]
    assert form["classrooms"].value() == [form.fields["classrooms"].queryset.get().pk]
    due = form["due_at"].value()  # shown in school time
    assert (due.hour, due.minute) == (15, 30) and due.weekday() < 5
    html = page.content.decode()
    assert "School time: America/New_York (E" in html
    assert f'value="{lesson.pk}" selected' in html


def test_the_assign_form_picks_the_class_it_was_opened_from(
    teacher_client, teacher, other_teacher
):
    build_assignment(teacher)
    second = classroom_create(owner=teacher, name="World history", section="P4")
    url = reverse("assignments:assignment_create")
    form = teacher_client.get(url, {"classroom": second.pk}).context["form"]
    assert form["classrooms"].value() == [second.pk]
    # Two classes and none named: nothing is ticked for the teacher.
    assert not teacher_client.get(url).context["form"]["classrooms"].value()
    # Another teacher's class in the address is ignored.
    theirs = classroom_create(owner=other_teacher, name="Theirs")
    chosen = teacher_client.get(url, {"classroom": theirs.pk}).context["form"]
    assert not chosen["classrooms"].value()


def test_assigning_a_lesson_of_a_draft_unit_is_refused_beside_the_lesson(
    teacher_client, teacher
):
    lesson = build_assignment(teacher).lesson  # its unit is a draft
    other = classroom_create(owner=teacher, name="World history", section="P3")
    url = reverse("assignments:assignment_create")
    assert "Wartime allies (draft) · 1. Aid and alliance" in (
        teacher_client.get(url).content.decode()
    )
    page = teacher_client.post(
        url,
        {
            "lesson": lesson.pk,
            "classrooms": [other.pk],
            "available_from": "2030-03-01T08:00",
            "due_at": "2030-03-05T15:30",
            "points": 10,
            "discussion_visibility": "after_posting",
        },
    )
    assert page.status_code == 200
    assert page.context["form"].errors["lesson"] == [
        "“Wartime allies” is a draft, which only its authors see, so its lessons "
        "cannot be assigned yet. Open the unit and choose Publish, then assign "
        "this lesson."
    ]
    html = page.content.decode()
    # In the error summary, and beside the lesson field.
    assert html.count("is a draft, which only its authors see") == 2
    assert "data-error-summary" in html
    assert not other.assignments.exists()


def test_with_no_class_the_assign_page_says_to_create_one_first(teacher_client):
    html = teacher_client.get(reverse("assignments:assignment_create")).content.decode()
    assert "You have no class to assign a lesson to yet." in html
    assert reverse("classrooms:classroom_create") in html
    assert 'name="classrooms"' not in html


# --- points per question ---------------------------------------------------------------


def test_the_points_page_asks_about_given_scores_only_when_there_are_some(
    teacher_client, teacher
):
    assignment = build_assignment(teacher, prompts=2, points=9)
    first, second = assignment.lesson.prompts.order_by("order")
    url = reverse("assignments:assignment_points", args=[assignment.pk])
    html = teacher_client.get(url).content.decode()
    assert 'value="5"' in html and 'value="4"' in html  # the even split
    assert "No answer is scored yet" in html and 'name="scores"' not in html

    student = enrol(assignment.classroom)
    response = answers.response_get_or_create(
        assignment=assignment, prompt=first, student=student
    )
    Feedback.objects.create(response=response, score=5, max_points=5)
    assert 'name="scores"' in teacher_client.get(url).content.decode()
    refused = teacher_client.post(
        url, {f"points_{first.pk}": "-2", f"points_{second.pk}": "4", "scores": "keep"}
    )
    assert refused.status_code == 200 and "aria-invalid" in refused.content.decode()
    done = teacher_client.post(
        url,
        {f"points_{first.pk}": "10", f"points_{second.pk}": "4", "scores": "rescale"},
        follow=True,
    )
    assert "Points saved: the assignment is worth 14. 1 score was rescaled." in (
        done.content.decode()
    )
    assert Feedback.objects.get().score == 10


def test_the_points_page_shows_a_question_s_words_as_text(teacher_client, assignment):
    """The question's words went into the form's help text, which is shown as
    HTML: a question holding markup ran it on the co-teacher's page."""
    prompt = prompt_of(assignment)
    type(prompt).objects.filter(pk=prompt.pk).update(
        text='<img src=x onerror=alert("x")> Who wrote it?'
    )
    page = teacher_client.get(
        reverse("assignments:assignment_points", args=[assignment.pk])
    ).content.decode()
    assert "<img src=x onerror" not in page
    assert "&lt;img src=x onerror=alert(&quot;x&quot;)&gt; Who wrote it?" in page
