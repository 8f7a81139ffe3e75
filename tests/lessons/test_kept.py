"""The lesson's content the assignment page keeps between requests
(lessons/kept.py), and the markup made from it (the reading pane and each
question's text: ``{% per_content %}``, portal/fragments.py): read and rendered
once, then one query while nothing changed, and any change to any of its rows shown
on the next request, even one made by a queryset update that sends no signal
(reordering) or by another process."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assignments.services.assignments import assignment_create
from classrooms.models import Enrolment
from classrooms.services import classroom_create, enrolment_accommodations_set
from lessons import services as lessons
from lessons.models import Lesson, LessonExcerpt, Prompt
from sources.models import Excerpt, GlossaryTerm, Source
from sources.services import source_create
from tests.assignments.conftest import adapted_first_excerpt, build_assignment, enrol

pytestmark = pytest.mark.postgres


def _page(client, assignment):
    with CaptureQueriesContext(connection) as ctx:
        answer = client.get(
            reverse("assignments:assignment_detail", args=[assignment.pk])
        )
    assert answer.status_code == 200
    return answer.content.decode(), len(ctx.captured_queries)


@pytest.fixture
def reading(client, teacher):
    """A student on their assignment page, seen once (so the lesson is kept)."""
    assignment = build_assignment(teacher)
    client.force_login(enrol(assignment.classroom))
    _page(client, assignment)
    return assignment


def _rendered(client, assignment) -> set[str]:
    answer = client.get(reverse("assignments:assignment_detail", args=[assignment.pk]))
    return {template.name for template in answer.templates}


def test_the_lesson_is_read_once_then_kept(client, reading):
    _, first = _page(client, reading)  # kept since the fixture's view
    client.force_login(enrol(reading.classroom))  # another student: the same copy
    html, kept = _page(client, reading)
    assert "Question text 3" in html and "Passage 2" in html
    assert kept == first
    # Its reading pane is not rendered again for them (the student's own answer
    # forms are).
    rendered = _rendered(client, reading)
    assert "lessons/_lesson_reading_body.html" not in rendered
    assert "assignments/_answer_box.html" in rendered
    # An update that changes nothing keeps the copy; one that changes a word
    # does not: the lesson is read again (six queries where the copy took one).
    LessonExcerpt.objects.filter(lesson=reading.lesson).update(order=F("order"))
    assert _page(client, reading)[1] == kept
    Prompt.objects.filter(lesson=reading.lesson, order=1).update(text="Changed")
    html, read_again = _page(client, reading)
    assert read_again >= kept + 5
    assert "Changed" in html
    assert _page(client, reading)[1] == kept


def _swap_first_two_excerpts(lesson):
    first, second = LessonExcerpt.objects.filter(lesson=lesson).order_by("order")[:2]
    LessonExcerpt.objects.filter(pk=first.pk).update(order=1000)
    LessonExcerpt.objects.filter(pk=second.pk).update(order=first.order)
    LessonExcerpt.objects.filter(pk=first.pk).update(order=second.order)


def _new_document(lesson):
    lessons.lesson_source_add(
        lesson=lesson, source=source_create(owner=None, title="Yalta protocol")
    )


# Each change, then what the page shows before it and after it.
CHANGES = {
    "prompt": (
        lambda lesson: Prompt.objects.filter(lesson=lesson, order=1).update(
            text="Why did Congress pass Lend-Lease?"
        ),
        lambda html: "Question text 0" in html,
        lambda html: (
            "Why did Congress pass Lend-Lease?" in html
            and "Question text 0" not in html
        ),
    ),
    "excerpt": (
        lambda lesson: Excerpt.objects.filter(lesson_uses__lesson=lesson).update(
            title=Concat(F("title"), Value(" (abridged)"))
        ),
        lambda html: "(abridged)" not in html,
        lambda html: "Passage 1 (abridged)" in html,
    ),
    "source": (
        lambda lesson: Source.objects.filter(
            excerpts__lesson_uses__lesson=lesson
        ).update(title="The Lend-Lease Act"),
        lambda html: "The Lend-Lease Act" not in html,
        lambda html: "The Lend-Lease Act" in html,
    ),
    "glossary": (
        lambda lesson: GlossaryTerm.objects.filter(
            excerpt__lesson_uses__lesson=lesson
        ).update(definition="Arms and goods."),
        lambda html: "Weapons and supplies." in html,
        lambda html: "Arms and goods." in html and "Weapons and supplies." not in html,
    ),
    "prompt-excerpts": (
        lambda lesson: Prompt.objects.get(
            lesson=lesson, order=1
        ).lesson_excerpts.clear(),
        lambda html: html.count("Look at:") == 4,
        lambda html: html.count("Look at:") == 3,
    ),
    "objectives": (
        lambda lesson: Lesson.objects.filter(pk=lesson.pk).update(
            objectives="Explain why the United States armed the Soviet Union."
        ),
        lambda html: "What you will learn" not in html,
        lambda html: (
            "What you will learn" in html
            and "Explain why the United States armed the Soviet Union." in html
        ),
    ),
    "document": (
        _new_document,
        lambda html: "Yalta protocol" not in html,
        lambda html: "Yalta protocol" in html,
    ),
}


@pytest.mark.parametrize("name", CHANGES)
def test_a_change_shows_on_the_next_request(client, reading, name):
    change, before, after = CHANGES[name]
    html, _ = _page(client, reading)
    assert before(html)
    change(reading.lesson)
    html, _ = _page(client, reading)
    assert after(html)


def test_a_reordering_without_signals_shows(client, reading):
    html, _ = _page(client, reading)
    assert html.index("Passage 0") < html.index("Passage 1")
    _swap_first_two_excerpts(reading.lesson)
    html, _ = _page(client, reading)
    assert html.index("Passage 1") < html.index("Passage 0")


def test_the_kept_reading_follows_each_student_s_own_version(client, reading):
    """Kept per version shown first: one student's adapted wording never opens a
    classmate's reading, before or after."""
    excerpt = adapted_first_excerpt(reading)
    plain, adapted = enrol(reading.classroom), enrol(reading.classroom)
    enrolment_accommodations_set(
        enrolment=Enrolment.objects.get(classroom=reading.classroom, student=adapted),
        extra_days=0,
        first_version="adapted",
    )
    shown = f'class="reading show-adapted shows-version" id="ex-{excerpt.pk}"'
    for student, opens_adapted in [(plain, False), (adapted, True), (plain, False)]:
        client.force_login(student)
        html, _ = _page(client, reading)
        assert (shown in html) is opens_adapted
        pressed = "true" if opens_adapted else "false"
        assert f'aria-pressed="{pressed}" data-adapted-toggle' in html


def _cite_menu(html: str) -> str:
    return html[
        html.index('id="cite-target"') : html.index(
            "</select>", html.index('id="cite-target"')
        )
    ]


def test_the_question_list_and_cite_menu_follow_the_questions_and_the_assignment(
    client, teacher, reading
):
    """The lesson's heading, question list and Cite menu are kept with the lesson's
    markup: a question's new wording shows on the next request, and two classes
    given the same lesson each get their own assignment's addresses."""
    html, _ = _page(client, reading)
    first = Prompt.objects.get(lesson=reading.lesson, order=1)
    own = reverse("assignments:citation_create", args=[reading.pk, first.pk])
    assert f'data-url="{own}"' in _cite_menu(html)
    assert "Question 1: Question text 0" in _cite_menu(html)
    assert f'data-assignment="{reading.pk}"' in html
    Prompt.objects.filter(pk=first.pk).update(text="Which *treaty* mattered most?")
    html, _ = _page(client, reading)
    assert "Question 1: Which treaty mattered most?" in _cite_menu(html)
    nav = html[
        html.index('class="question-nav') : html.index(
            "</nav>", html.index('class="question-nav')
        )
    ]
    assert "Which treaty mattered most?" in nav and "Question text 0" not in nav

    lessons.unit_publish(unit=reading.lesson.unit)
    (other,) = assignment_create(
        lesson=reading.lesson,
        classrooms=[classroom_create(owner=teacher, name="History", section="P2")],
        created_by=teacher,
        available_from=timezone.now() - timedelta(hours=1),
        due_at=timezone.now() + timedelta(days=2),
    )
    client.force_login(enrol(other.classroom))
    html, _ = _page(client, other)
    menu = _cite_menu(html)
    theirs = reverse("assignments:citation_create", args=[other.pk, first.pk])
    assert f'data-url="{theirs}"' in menu and own not in menu
    assert f'data-assignment="{other.pk}"' in html
    submit_all = reverse("assignments:submit_all", args=[other.pk])
    assert f'href="{submit_all}"' in html
    assert (
        f'action="{reverse("assignments:response_save", args=[other.pk, first.pk])}"'
        in html
    )
