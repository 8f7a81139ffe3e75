"""The shipped unit: loaded by the run command's loaders, shaped as the issue says,
and every excerpt it shows students is word for word the shared reading files."""

import re
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

from lessons.models import Lesson, LessonExcerpt, Prompt, Unit
from sources.models import split_paragraphs
from tests.conftest import require_shared

SHARED = Path(settings.BASE_DIR).parent / "shared"
READINGS = SHARED / "content" / "readings"
REPUBLISHED_PAGE = SHARED / "seeds" / "002_9f095120c50810e9.txt"
READING_SLUGS = {"us-soviet-alliance-1941-1945", "us-soviet-union-end-of-wwii"}
PAGE_SLUG = "end-of-wwii-republished-web-page"


def _blocks(path: Path) -> list[str]:
    """Paragraph blocks after the front matter (if any)."""
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    if text.startswith("---\n"):
        text = text.split("---\n", 2)[2]
    return split_paragraphs(text)


def _reading_blocks() -> dict[str, list[str]]:
    found = {}
    for path in READINGS.glob("*.md"):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])
        found[front["title"]] = _blocks(path)
    return found


def _is_run(paragraphs: list[str], blocks: list[str]) -> bool:
    """Whether ``paragraphs`` are consecutive blocks of the file, unchanged."""
    n = len(paragraphs)
    return any(blocks[i : i + n] == paragraphs for i in range(len(blocks) - n + 1))


@pytest.fixture
def shipped(db, settings):
    # Exactly what the run command does: every loader, in the configured order.
    for command in settings.PORTAL_CONTENT_LOADERS:
        call_command(command, stdout=StringIO())
    return Unit.objects.get(slug="us-soviet-alliance-1941-1945")


def test_the_loader_runs_after_the_library_loader(settings):
    loaders = settings.PORTAL_CONTENT_LOADERS
    assert loaders.index("load_alliance_unit") > loaders.index("load_alliance_sources")


def test_the_shipped_unit_is_published_shared_and_shaped_as_described(shipped):
    assert shipped.title == "The U.S.–Soviet Alliance, 1941–1945"
    assert shipped.is_published and shipped.owner is None
    lessons = list(shipped.lessons.order_by("order"))
    assert len(lessons) >= 5
    skills = set()
    for lesson in lessons:
        prompts = list(lesson.prompts.all())
        assert len(prompts) >= 3, lesson.title
        skills |= {p.skill for p in prompts}
        sources = {i.excerpt.source.slug for i in lesson.lesson_excerpts.all()}
        assert READING_SLUGS & sources, f"{lesson.title} has no reading excerpt"
        # Each prompt's references stay inside its own lesson.
        for prompt in prompts:
            assert all(i.lesson_id == lesson.pk for i in prompt.lesson_excerpts.all())
    assert skills == set(Prompt.Skill.values)
    # Both readings are used, and the catalogued documents appear as records.
    used = {
        i.excerpt.source.slug
        for i in LessonExcerpt.objects.filter(lesson__unit=shipped)
    }
    assert used >= READING_SLUGS
    assert sum(lesson.lesson_sources.count() for lesson in lessons) >= 8
    # One lesson is a sourcing exercise on the republished web page.
    sourcing = [
        lesson
        for lesson in lessons
        if PAGE_SLUG in {i.excerpt.source.slug for i in lesson.lesson_excerpts.all()}
    ]
    # The sourcing lesson, and the document-based inquiry that ends the unit.
    assert [lesson.order for lesson in sourcing] == [5, 7]
    assert sourcing[0].prompts.filter(skill="sourcing").count() >= 2


def test_every_excerpt_is_word_for_word_the_shared_files(shipped):
    require_shared(REPUBLISHED_PAGE)
    readings = _reading_blocks()
    page = _blocks(REPUBLISHED_PAGE)
    items = LessonExcerpt.objects.filter(lesson__unit=shipped).select_related(
        "excerpt__source"
    )
    assert items.count() >= 10
    for item in items:
        excerpt = item.excerpt
        blocks = (
            page if excerpt.source.slug == PAGE_SLUG else readings[excerpt.source.title]
        )
        assert _is_run(excerpt.paragraphs, blocks), (
            f"{excerpt.source.slug}/{excerpt.slug} differs from the shared file"
        )


def test_loading_again_changes_nothing_and_keeps_the_same_rows(shipped):
    before = {
        "lessons": list(Lesson.objects.order_by("pk").values_list("pk", "title")),
        "prompts": list(Prompt.objects.order_by("pk").values_list("pk", "text")),
        "items": list(
            LessonExcerpt.objects.order_by("pk").values_list("pk", "excerpt_id")
        ),
    }
    call_command("load_alliance_sources", stdout=StringIO())
    call_command("load_alliance_unit", stdout=StringIO())
    assert Unit.objects.count() == 1
    assert before == {
        "lessons": list(Lesson.objects.order_by("pk").values_list("pk", "title")),
        "prompts": list(Prompt.objects.order_by("pk").values_list("pk", "text")),
        "items": list(
            LessonExcerpt.objects.order_by("pk").values_list("pk", "excerpt_id")
        ),
    }


def test_a_reload_restores_the_shipped_unit_but_never_touches_copies(shipped, teacher):
    from lessons.services import lesson_update, unit_copy

    copy = unit_copy(unit=shipped, owner=teacher)
    first = shipped.lessons.get(order=1)
    lesson_update(lesson=first, title="Edited by an admin")
    lesson_update(lesson=copy.lessons.get(order=1), title="My version")
    call_command("load_alliance_unit", stdout=StringIO())
    assert shipped.lessons.get(order=1).title.startswith("From non-recognition")
    assert copy.lessons.get(order=1).title == "My version"


def test_any_teacher_sees_and_can_copy_the_shipped_unit(shipped, client, teacher):
    client.force_login(teacher)
    listing = client.get("/units/").content.decode()
    assert "The U.S.–Soviet Alliance, 1941–1945" in listing
    page = client.get(shipped.get_absolute_url())
    assert page.status_code == 200
    assert "Bibliography" in page.content.decode()
    lesson = shipped.lessons.get(order=5)
    preview = client.get(f"/units/lessons/{lesson.pk}/preview/")
    assert preview.status_code == 200
    assert "Roderick King" in preview.content.decode()


INQUIRY_TITLE = "Why did the alliance hold, and why did it come apart?"


def test_every_prompt_cites_as_the_overview_promises(shipped):
    assert "Every answer cites at least one numbered paragraph" in shipped.overview
    prompts = Prompt.objects.filter(lesson__unit=shipped)
    assert not prompts.filter(min_citations=0).exists()
    # And what a prompt asks for can be found in what it points at.
    for prompt in prompts.prefetch_related("lesson_excerpts"):
        assert prompt.lesson_excerpts.exists(), prompt.text[:60]
        assert prompt.min_citations <= 2 * prompt.lesson_excerpts.count() + 2


def _quoted(text: str) -> list[str]:
    return [q.strip(" .,?!").lower() for q in re.findall(r'"([^"]+)"', text)]


def _flat(text: str) -> str:
    return " ".join(
        text.replace("“", "").replace("”", "").replace('"', "").split()
    ).lower()


def test_prompts_quote_only_the_texts_students_read_never_our_notes(shipped):
    """A prompt that quotes words quotes them from the lesson's own excerpts: never
    from our headnotes, which are not the record."""
    for lesson in shipped.lessons.prefetch_related("lesson_excerpts__excerpt"):
        texts = _flat(" ".join(i.excerpt.text for i in lesson.lesson_excerpts.all()))
        for prompt in lesson.prompts.all():
            for quotation in _quoted(prompt.text):
                assert _flat(quotation) in texts, (lesson.order, quotation)
            assert "record of" not in prompt.text
            assert "catalogue record" not in prompt.text


def test_every_reading_shows_a_date_or_says_why_it_has_none(shipped):
    sources = {
        item.excerpt.source
        for item in LessonExcerpt.objects.filter(lesson__unit=shipped).select_related(
            "excerpt__source"
        )
    }
    for source in sources:
        assert source.date_label or source.date_note, source.slug
    milestones = next(s for s in sources if s.slug == "us-soviet-alliance-1941-1945")
    assert "no date" in milestones.date_note


def test_the_inquiry_lesson_is_source_first_over_the_essays_and_the_page(shipped):
    lesson = shipped.lessons.get(order=7)
    assert lesson.title.startswith(INQUIRY_TITLE)
    assert lesson.source_first
    assert not shipped.lessons.exclude(order=7).filter(source_first=True).exists()
    sources = {i.excerpt.source.slug for i in lesson.lesson_excerpts.all()}
    assert sources == READING_SLUGS | {PAGE_SLUG}
    assert lesson.lesson_excerpts.count() == 4
    assert lesson.prompts.count() >= 3
    grid = lesson.prompts.get(kind=Prompt.Kind.GRID)
    assert grid.grid_question_list == [
        "What held the alliance together?",
        "What pulled it apart?",
    ]
    essay = lesson.prompts.get(kind=Prompt.Kind.ESSAY)
    assert (
        essay.essay_thesis_required,
        essay.essay_min_documents,
        essay.essay_min_sourced,
    ) == (True, 3, 2)


def _inquiry_rows(unit):
    lesson = unit.lessons.get(order=7)
    return {
        "lesson": (lesson.pk, lesson.title, lesson.source_first),
        "items": list(
            lesson.lesson_excerpts.order_by("order").values_list("pk", "excerpt_id")
        ),
        "documents": list(
            lesson.lesson_sources.order_by("order").values_list("pk", "source_id")
        ),
        "prompts": list(
            lesson.prompts.order_by("order").values_list(
                "pk",
                "kind",
                "min_citations",
                "text",
                "essay_min_documents",
                "essay_min_sourced",
                "grid_questions",
            )
        ),
        "refers": sorted(
            Prompt.lesson_excerpts.through.objects.filter(
                prompt__lesson=lesson
            ).values_list("prompt_id", "lessonexcerpt_id")
        ),
    }


def test_the_inquiry_lesson_loads_twice_into_the_same_rows(shipped):
    before = _inquiry_rows(shipped)
    call_command("load_alliance_unit", stdout=StringIO())
    call_command("load_alliance_unit", stdout=StringIO())
    assert _inquiry_rows(shipped) == before
    assert Lesson.objects.filter(unit=shipped).count() == 7


def test_an_install_of_the_six_lesson_unit_is_updated_in_place(shipped):
    """An installation loaded before this change: six lessons, prompts without
    citations, no source first. Loading again keeps every row (answers point at
    them), rewrites them and adds the seventh lesson."""
    shipped.lessons.get(order=7).delete()
    third = shipped.lessons.get(order=3)
    old_prompt = third.prompts.get(order=4)
    Prompt.objects.filter(pk=old_prompt.pk).update(
        min_citations=0, text="Look at the record of the statement."
    )
    kept = list(shipped.lessons.order_by("order").values_list("pk", flat=True))
    call_command("load_alliance_unit", stdout=StringIO())
    assert (
        list(shipped.lessons.order_by("order").values_list("pk", flat=True)[:6]) == kept
    )
    old_prompt.refresh_from_db()
    assert old_prompt.min_citations == 1
    assert "record of" not in old_prompt.text
    assert shipped.lessons.get(order=7).source_first
