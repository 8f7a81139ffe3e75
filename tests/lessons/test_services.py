import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from lessons import services
from lessons.models import Lesson, Prompt, Unit


def _titles(qs):
    return list(qs.order_by("order").values_list("title", flat=True))


def test_lessons_reorder_and_close_gaps_when_one_is_deleted(teacher):
    unit = services.unit_create(owner=teacher, title="U")
    a, b, c = (services.lesson_create(unit=unit, title=t) for t in "ABC")
    assert services.lesson_move(lesson=c, direction="up")
    assert _titles(unit.lessons) == ["A", "C", "B"]
    assert not services.lesson_move(lesson=a, direction="up")  # already first
    services.lesson_delete(lesson=a)
    assert list(unit.lessons.order_by("order").values_list("order", "title")) == [
        (1, "C"),
        (2, "B"),
    ]


def test_prompts_move_down_and_keep_numbers_unique(unit):
    lesson = unit.lessons.get()
    first = lesson.prompts.get(order=1)
    services.prompt_move(prompt=first, direction="down")
    assert list(lesson.prompts.order_by("order").values_list("text", flat=True)) == [
        "What changed?",
        "Who wrote it?",
    ]


def test_the_same_excerpt_cannot_be_added_twice(unit, library):
    lesson = unit.lessons.get()
    with pytest.raises(ValidationError):
        services.lesson_excerpt_add(lesson=lesson, excerpt=library["lend"])


def test_a_prompt_cannot_refer_to_another_lessons_excerpt(unit, library):
    other = services.lesson_create(unit=unit, title="Other")
    foreign = unit.lessons.get(title="Aid").lesson_excerpts.first()
    with pytest.raises(ValidationError):
        services.prompt_create(
            lesson=other, text="?", skill="open", lesson_excerpts=[foreign]
        )


def test_minimum_citations_has_bounds(unit):
    lesson = unit.lessons.get()
    with pytest.raises(ValidationError):
        services.prompt_create(lesson=lesson, text="?", skill="open", min_citations=11)
    assert (
        services.prompt_create(
            lesson=lesson, text="?", skill="open", min_citations=0
        ).min_citations
        == 0
    )


def test_the_database_refuses_two_lessons_in_one_place(unit):
    with pytest.raises(IntegrityError):
        Lesson.objects.create(unit=unit, order=1, title="Clash")


def test_a_copy_is_deep_owned_by_the_copier_and_independent(unit, other_teacher):
    services.unit_publish(unit=unit)
    copy = services.unit_copy(unit=unit, owner=other_teacher)

    assert copy.owner == other_teacher
    assert copy.copied_from == unit
    assert copy.status == Unit.Status.DRAFT
    new_lesson = copy.lessons.get()
    old_lesson = unit.lessons.get()
    assert new_lesson.pk != old_lesson.pk
    assert [i.excerpt_id for i in new_lesson.lesson_excerpts.order_by("order")] == [
        i.excerpt_id for i in old_lesson.lesson_excerpts.order_by("order")
    ]
    # The prompt's reference points at the copy's own placement.
    copied_prompt = new_lesson.prompts.get(order=1)
    assert [i.lesson_id for i in copied_prompt.lesson_excerpts.all()] == [new_lesson.pk]

    # Changing the copy leaves the original as it was.
    services.lesson_update(lesson=new_lesson, title="Aid, my way")
    services.prompt_update(prompt=copied_prompt, text="Changed", skill="open")
    services.lesson_excerpt_remove(item=new_lesson.lesson_excerpts.first())
    services.unit_update(unit=copy, title="Mine")
    unit.refresh_from_db()
    assert unit.title == "Wartime allies"
    assert old_lesson.title == Lesson.objects.get(pk=old_lesson.pk).title == "Aid"
    assert old_lesson.lesson_excerpts.count() == 2
    assert Prompt.objects.get(lesson=old_lesson, order=1).text == "Who wrote it?"
    assert Prompt.objects.get(lesson=old_lesson, order=1).skill == "sourcing"


def test_a_copy_keeps_its_own_copies_of_the_author_s_private_passages(
    unit, teacher, other_teacher
):
    """Copying used to pin the author's private passage: the author could no longer
    delete it, and the copy went on showing it after the author unpublished."""
    from sources.models import Excerpt, Source
    from sources.services import excerpt_create, excerpt_delete, source_create

    own_source = source_create(owner=teacher, title="My grandfather's letter")
    letter = excerpt_create(
        source=own_source,
        owner=teacher,
        title="The letter",
        text="Dear Anna,\n\nThe convoy sailed.",
        glossary=[("convoy", "ships sailing together")],
    )
    lesson = unit.lessons.get()
    services.lesson_excerpt_add(lesson=lesson, excerpt=letter)
    services.lesson_source_add(lesson=lesson, source=own_source)
    services.unit_publish(unit=unit)

    copy = services.unit_copy(unit=unit, owner=other_teacher)
    copied = copy.lessons.get()
    placed = [i.excerpt for i in copied.lesson_excerpts.order_by("order")]
    # The shared library's passages are shared; the private one is the copier's own.
    assert [e.pk for e in placed[:2]] == [
        i.excerpt_id for i in lesson.lesson_excerpts.order_by("order")[:2]
    ]
    mine = placed[2]
    assert mine.pk != letter.pk and mine.owner == other_teacher
    assert mine.source.owner == other_teacher and mine.source.pk != own_source.pk
    assert mine.text == letter.text
    assert list(mine.glossary.values_list("term", flat=True)) == ["convoy"]
    assert copied.lesson_sources.get().source == mine.source

    # The author can still take theirs out and delete it; the copy keeps its text.
    services.unit_unpublish(unit=unit)
    services.lesson_excerpt_remove(item=lesson.lesson_excerpts.get(excerpt=letter))
    services.lesson_source_remove(item=lesson.lesson_sources.get())
    excerpt_delete(excerpt=letter)
    assert not Excerpt.objects.filter(pk=letter.pk).exists()
    assert Source.objects.filter(pk=own_source.pk).exists()
    assert Excerpt.objects.get(pk=mine.pk).text == "Dear Anna,\n\nThe convoy sailed."


def test_copying_one_s_own_unit_copies_no_passage(unit, teacher):
    from sources.models import Excerpt

    before = Excerpt.objects.count()
    services.unit_copy(unit=unit, owner=teacher)
    assert Excerpt.objects.count() == before


def test_publish_and_unpublish(unit):
    services.unit_publish(unit=unit)
    assert Unit.objects.get(pk=unit.pk).is_published
    services.unit_unpublish(unit=unit)
    assert not Unit.objects.get(pk=unit.pk).is_published
