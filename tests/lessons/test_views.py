import pytest
from django.urls import reverse

from lessons import services
from lessons.models import LessonExcerpt, Prompt, Unit
from tests.builders import TeacherFactory


def url(name, pk, **kw):
    return reverse(f"lessons:{name}", kwargs={"pk": pk, **kw})


# --- who may do what ----------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["unit_detail", "unit_edit", "lesson_create", "unit_delete"]
)
def test_another_teachers_draft_unit_is_not_found(client, unit, other_teacher, name):
    client.force_login(other_teacher)
    assert client.get(url(name, unit.pk)).status_code == 404


def test_another_teacher_cannot_open_a_draft_lesson_or_its_preview(
    client, unit, other_teacher
):
    client.force_login(other_teacher)
    lesson = unit.lessons.get()
    for name in ["lesson_editor", "lesson_edit", "lesson_preview"]:
        assert client.get(url(name, lesson.pk)).status_code == 404
    prompt = lesson.prompts.first()
    assert client.get(url("prompt_edit", prompt.pk)).status_code == 404
    response = client.post(url("prompt_move", prompt.pk), {"direction": "down"})
    assert response.status_code == 404
    assert client.post(url("unit_copy", unit.pk)).status_code == 404


def test_a_published_unit_is_readable_and_copyable_but_not_editable(
    client, unit, other_teacher
):
    services.unit_publish(unit=unit)
    lesson = unit.lessons.get()
    client.force_login(other_teacher)

    page = client.get(url("unit_detail", unit.pk))
    assert page.status_code == 200
    assert b"Copy to my units" in page.content
    assert b"Add a lesson" not in page.content
    assert client.get(url("lesson_preview", lesson.pk)).status_code == 200
    for name in ["unit_edit", "lesson_create"]:
        assert client.get(url(name, unit.pk)).status_code == 404
    assert client.get(url("lesson_editor", lesson.pk)).status_code == 404
    assert (
        client.post(url("unit_status", unit.pk), {"status": "draft"}).status_code == 404
    )
    assert Unit.objects.get(pk=unit.pk).is_published

    response = client.post(url("unit_copy", unit.pk))
    copy = Unit.objects.get(copied_from=unit)
    assert response["Location"] == copy.get_absolute_url()
    assert copy.owner == other_teacher
    assert client.get(url("lesson_editor", copy.lessons.get().pk)).status_code == 200


def test_students_are_refused_every_unit_page(client, unit, student):
    services.unit_publish(unit=unit)
    client.force_login(student)
    lesson = unit.lessons.get()
    assert client.get(reverse("lessons:unit_list")).status_code == 403
    assert client.get(url("unit_detail", unit.pk)).status_code == 403
    assert client.get(url("lesson_preview", lesson.pk)).status_code == 403


def test_a_co_author_edits_but_cannot_delete_or_choose_co_authors(client, unit):
    co_author = TeacherFactory()
    client.force_login(unit.owner)
    client.post(url("co_author_add", unit.pk), {"username": co_author.username})
    assert list(unit.co_authors.all()) == [co_author]

    client.force_login(co_author)
    lesson = unit.lessons.get()
    response = client.post(
        url("lesson_edit", lesson.pk),
        {"title": "Aid, revised", "estimated_minutes": "45"},
    )
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.title == "Aid, revised"
    assert client.post(url("unit_delete", unit.pk)).status_code == 403
    assert Unit.objects.filter(pk=unit.pk).exists()
    listing = client.get(reverse("lessons:unit_list"))
    assert b"Units I co-author" in listing.content


def test_the_shared_unit_is_edited_by_admins_only(client, teacher, staff):
    shared = services.unit_create(owner=None, title="Shipped")
    services.unit_publish(unit=shared)
    client.force_login(teacher)
    assert client.get(url("unit_edit", shared.pk)).status_code == 404
    client.force_login(staff)
    assert client.get(url("unit_edit", shared.pk)).status_code == 200


# --- authoring ----------------------------------------------------------------------


def test_teacher_creates_a_unit_and_a_lesson(teacher_client, teacher):
    response = teacher_client.post(
        reverse("lessons:unit_create"),
        {"title": "Cold War origins", "essential_question": "Who started it?"},
    )
    unit = Unit.objects.get(title="Cold War origins")
    assert response["Location"] == unit.get_absolute_url()
    assert unit.owner == teacher and unit.status == "draft"
    response = teacher_client.post(
        url("lesson_create", unit.pk), {"title": "Kennan", "estimated_minutes": "40"}
    )
    assert unit.lessons.get().title == "Kennan"


def test_picker_search_works_without_javascript_and_as_an_htmx_partial(
    teacher_client, unit, library
):
    lesson = unit.lessons.get()
    services.lesson_excerpt_remove(item=lesson.lesson_excerpts.get(order=2))
    page = teacher_client.get(url("lesson_editor", lesson.pk), {"q": "japan"})
    assert page.status_code == 200
    html = page.content.decode()
    assert (
        "<html" in html and "The Japan clause" in html and "1 excerpt matches" in html
    )

    partial = teacher_client.get(
        url("lesson_editor", lesson.pk),
        {"q": "soviet japan"},
        headers={"HX-Request": "true", "HX-Target": "picker-results"},
    )
    text = partial.content.decode()
    assert "<html" not in text and "The Japan clause" in text
    # Excerpts already in the lesson are not offered again.
    again = teacher_client.get(url("lesson_editor", lesson.pk), {"q": "lease"})
    assert "Add to lesson" not in again.content.decode()


def test_adding_an_excerpt_keeps_the_search(teacher_client, unit, library):
    lesson = unit.lessons.get()
    services.lesson_excerpt_remove(item=lesson.lesson_excerpts.get(order=2))
    response = teacher_client.post(
        url("lesson_excerpt_add", lesson.pk),
        {"excerpt": library["yalta"].pk, "q": "japan"},
    )
    assert response["Location"].endswith("?q=japan#excerpts")
    assert lesson.lesson_excerpts.order_by("order").last().excerpt == library["yalta"]


def test_a_teacher_cannot_add_another_teachers_private_passage(
    teacher_client, unit, other_teacher, library
):
    from sources.services import excerpt_create

    private = excerpt_create(
        source=library["lend"].source, owner=other_teacher, title="Mine", text="x"
    )
    response = teacher_client.post(
        url("lesson_excerpt_add", unit.lessons.get().pk), {"excerpt": private.pk}
    )
    assert response.status_code == 404


def test_move_buttons_work_without_javascript_and_with_htmx(teacher_client, unit):
    lesson = unit.lessons.get()
    second = lesson.lesson_excerpts.get(order=2)
    plain = teacher_client.post(
        url("lesson_excerpt_move", second.pk), {"direction": "up"}
    )
    assert plain.status_code == 302
    assert LessonExcerpt.objects.get(pk=second.pk).order == 1

    prompt = lesson.prompts.get(order=1)
    fragment = teacher_client.post(
        url("prompt_move", prompt.pk),
        {"direction": "down"},
        headers={"HX-Request": "true"},
    )
    text = fragment.content.decode()
    assert fragment.status_code == 200 and "<html" not in text
    assert 'id="prompt-list"' in text and "Moved the prompt to position 2" in text
    assert Prompt.objects.get(pk=prompt.pk).order == 2
    bad = teacher_client.post(url("prompt_move", prompt.pk), {"direction": "sideways"})
    assert bad.status_code == 400


def test_a_prompt_form_error_is_shown_and_nothing_is_saved(teacher_client, unit):
    lesson = unit.lessons.get()
    response = teacher_client.post(
        url("prompt_create", lesson.pk),
        {"text": "", "skill": "sourcing", "min_citations": "1"},
    )
    assert response.status_code == 422
    assert b"Please fix this problem" in response.content
    assert lesson.prompts.count() == 2


def test_preview_shows_what_students_see_and_hides_teacher_notes(teacher_client, unit):
    lesson = unit.lessons.get()
    item = lesson.lesson_excerpts.get(order=1)
    services.lesson_excerpt_update(item=item, teacher_note="SECRET-NOTE")
    services.prompt_update(
        prompt=lesson.prompts.get(order=1),
        text="<script>alert(1)</script> Who **wrote** it?",
    )
    html = teacher_client.get(url("lesson_preview", lesson.pk)).content.decode()
    assert "SECRET-NOTE" not in html
    assert f'id="ex-{item.excerpt_id}-p1"' in html  # numbered paragraphs
    assert "<strong>wrote</strong>" in html
    assert "<script>alert(1)</script>" not in html
    assert "Sourcing" in html and "Cite at least 1 passage" in html
    editor = teacher_client.get(url("lesson_editor", lesson.pk)).content.decode()
    assert "SECRET-NOTE" in editor


def test_unit_page_lists_bibliography_and_timeline(teacher_client, unit, library):
    lesson = unit.lessons.get()
    services.lesson_source_add(lesson=lesson, source=library["lend"].source)  # dup
    html = teacher_client.get(url("unit_detail", unit.pk)).content.decode()
    bibliography = html.split('id="bibliography-heading"')[1]
    assert bibliography.count("<li>") == 2  # deduplicated
    assert bibliography.index("77th Congress") < bibliography.index("Roosevelt")
    timeline = html.split('id="timeline-heading"')[1].split("</ol>")[0]
    assert timeline.index("March 11, 1941") < timeline.index("February 11, 1945")


def test_publish_and_unpublish_from_the_unit_page(teacher_client, unit):
    teacher_client.post(url("unit_status", unit.pk), {"status": "published"})
    assert Unit.objects.get(pk=unit.pk).is_published
    teacher_client.post(url("unit_status", unit.pk), {"status": "draft"})
    assert not Unit.objects.get(pk=unit.pk).is_published
