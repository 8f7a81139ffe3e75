"""The sourcing lesson's republished web page laid out as a page (issue 15): every
paragraph word for word, in the page's own parts (header with the "(2024)" title,
the article, the added questions and answers, the author box), each a link away
from its numbered paragraph; shown only to people who may read the excerpts."""

import html
import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from assignments.services.assignments import assignment_create
from classrooms.services import classroom_create
from lessons.models import Lesson
from sources.models import Source
from tests.assignments.conftest import enrol
from tests.builders import StudentFactory, TeacherFactory

pytestmark = pytest.mark.django_db
PAGE_SLUG = "end-of-wwii-republished-web-page"
LESSON_TITLE = "Who wrote this page? Sourcing a republished essay"


def shipped_page() -> Source:
    """The shipped unit loaded; its republished web page source."""
    call_command("load_alliance_sources", stdout=io.StringIO())
    call_command("load_alliance_unit", stdout=io.StringIO())
    return Source.objects.get(slug=PAGE_SLUG)


@pytest.fixture
def shipped(db):
    return shipped_page()


def page_url(next_url=""):
    url = reverse("sources:web_page", kwargs={"slug": PAGE_SLUG})
    return f"{url}?next={next_url}" if next_url else url


def visible_text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _one_line(text: str) -> str:
    return " ".join(text.split())


def test_every_paragraph_of_the_page_is_laid_out_word_for_word(shipped, teacher_client):
    response = teacher_client.get(page_url())
    assert response.status_code == 200
    markup = response.content.decode()
    article = markup[markup.index('<article class="webpage"') :]
    text = visible_text(article)
    excerpts = list(shipped.excerpts.order_by("order"))
    assert [len(e.paragraphs) for e in excerpts] == [15, 38, 14]
    for excerpt in excerpts:
        for n, paragraph in enumerate(excerpt.paragraphs, start=1):
            # Each paragraph whole, followed by its number (the link to cite it).
            assert f"{_one_line(paragraph)} {n}" in text, (excerpt.slug, n)
    # The page's parts: its header and title, the questions, the author box.
    assert re.search(
        r'<h1 class="webpage-title" id="webpage-title">The United States, the Soviet '
        r"Union, and the End of World War II \(2024\)<a",
        article,
    )
    questions = re.findall(r'<h3 class="webpage-question">([^<]*)<a', article)
    assert len(questions) == 18
    assert questions[0] == (
        "How was America and the USSR relationship at the end of WWII? ›"
    )
    box = article[article.index('<aside class="webpage-box"') :]
    assert '<span class="webpage-fact-label">Author:</span> Roderick King' in box
    assert "May 2005" in visible_text(article[: article.index("webpage-faq")])


def test_each_paragraph_links_to_its_numbered_paragraph_where_it_is_cited(
    shipped, teacher_client
):
    lesson = Lesson.objects.get(title=LESSON_TITLE)
    back = reverse("lessons:lesson_preview", kwargs={"pk": lesson.pk})
    markup = teacher_client.get(page_url(back)).content.decode()
    essay = shipped.excerpts.get(slug="the-essay-as-republished")
    assert f'href="{back}#ex-{essay.pk}-p14"' in markup
    assert f'href="{back}">Back to the numbered paragraphs' in markup
    # Another site is never a way back.
    markup = teacher_client.get(page_url("https://elsewhere.test/")).content.decode()
    markup = markup[markup.index('<div class="webpage-frame">') :]
    assert "elsewhere.test" not in markup
    assert f'href="{essay.get_absolute_url()}#ex-{essay.pk}-p14"' in markup


def _assigned(shipped, student):
    teacher = TeacherFactory()
    lesson = Lesson.objects.get(title=LESSON_TITLE)
    classroom = classroom_create(owner=teacher, name="History", section="P2")
    enrol(classroom, student)
    now = timezone.now()
    (assignment,) = assignment_create(
        lesson=lesson,
        classrooms=[classroom],
        created_by=teacher,
        available_from=now - timedelta(hours=1),
        due_at=now + timedelta(days=2),
    )
    return assignment


def test_a_student_opens_the_page_from_the_assignment_and_goes_back(
    shipped, client, student
):
    assignment = _assigned(shipped, student)
    client.force_login(student)
    assignment_page = reverse(
        "assignments:assignment_detail", kwargs={"pk": assignment.pk}
    )
    reading = client.get(assignment_page).content.decode()
    link = re.search(r'href="(/library/[^"]*/as-a-page/\?next=[^"]*)"', reading)
    assert link, "the assignment page links to the page view"
    page = client.get(html.unescape(link[1]))
    assert page.status_code == 200
    assert f'href="{assignment_page}">Back to the numbered paragraphs' in (
        page.content.decode()
    )


def test_someone_who_may_not_read_the_page_gets_404(shipped, client):
    client.force_login(StudentFactory())
    assert client.get(page_url()).status_code == 404
    client.logout()
    assert client.get(page_url()).status_code == 302  # to the sign-in page
