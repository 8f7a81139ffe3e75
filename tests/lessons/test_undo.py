"""Undo in the lesson editor: a removed excerpt or deleted prompt comes back in its
place with its links, for ten minutes, from the author's own browser only."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from lessons.models import LessonExcerpt, Prompt
from lessons.undo import SESSION_KEY
from tests.builders import TeacherFactory


def _editor(lesson):
    return reverse("lessons:lesson_editor", args=[lesson.pk])


def _undo(lesson):
    return reverse("lessons:lesson_undo", args=[lesson.pk])


def test_a_deleted_prompt_comes_back_in_its_place_with_its_excerpts(
    client, teacher, unit
):
    lesson = unit.lessons.get()
    first = lesson.prompts.get(order=1)
    linked = list(first.lesson_excerpts.values_list("pk", flat=True))
    client.force_login(teacher)
    client.post(reverse("lessons:prompt_delete", args=[first.pk]))
    assert list(lesson.prompts.values_list("order", "text")) == [(1, "What changed?")]
    html = client.get(_editor(lesson)).content.decode()
    assert 'role="status"' in html and "Undo: put “Prompt 1” back" in html
    page = client.post(_undo(lesson), follow=True).content.decode()
    assert "“Prompt 1” is back." in page
    assert list(lesson.prompts.order_by("order").values_list("order", "text")) == [
        (1, "Who wrote it?"),
        (2, "What changed?"),
    ]
    back = Prompt.objects.get(pk=first.pk)
    assert list(back.lesson_excerpts.values_list("pk", flat=True)) == linked
    # Once only: a second undo has nothing left.
    page = client.post(_undo(lesson), follow=True).content.decode()
    assert "There is nothing to undo" in page


def test_a_removed_excerpt_comes_back_with_the_prompts_pointing_to_it(
    client, teacher, unit
):
    lesson = unit.lessons.get()
    item = lesson.lesson_excerpts.get(order=1)
    prompt = lesson.prompts.get(order=1)
    client.force_login(teacher)
    client.post(reverse("lessons:lesson_excerpt_remove", args=[item.pk]))
    assert not prompt.lesson_excerpts.exists()
    client.post(_undo(lesson))
    back = LessonExcerpt.objects.get(pk=item.pk)
    assert back.order == 1
    assert (
        list(lesson.lesson_excerpts.order_by("order").values_list("pk", flat=True))[0]
        == item.pk
    )
    assert list(prompt.lesson_excerpts.all()) == [back]


def test_undo_is_offered_for_ten_minutes_only(client, teacher, unit):
    lesson = unit.lessons.get()
    client.force_login(teacher)
    client.post(reverse("lessons:prompt_delete", args=[lesson.prompts.first().pk]))
    session = client.session
    session[SESSION_KEY]["at"] = (timezone.now() - timedelta(minutes=11)).isoformat()
    session.save()
    assert "Undo:" not in client.get(_editor(lesson)).content.decode()
    page = client.post(_undo(lesson), follow=True).content.decode()
    assert "more than 10 minutes ago" in page
    assert lesson.prompts.count() == 1


def test_another_teacher_cannot_undo_and_another_browser_is_not_offered_it(
    client, teacher, unit
):
    lesson = unit.lessons.get()
    client.force_login(TeacherFactory())
    assert client.post(_undo(lesson)).status_code == 404
    # The undo is kept in the author's own session: nobody else has it.
    client.force_login(teacher)
    client.post(reverse("lessons:prompt_delete", args=[lesson.prompts.first().pk]))
    other = client.__class__()
    other.force_login(teacher)  # the same author, another browser
    assert "Undo:" not in other.get(_editor(lesson)).content.decode()
