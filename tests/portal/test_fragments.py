"""The page frame kept per language (portal.fragments, ``{% per_language %}``): what
one person sees never reaches another, and each sees their own language."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.urls import reverse
from django.utils import translation

from notifications.models import Kind
from notifications.services import notify
from portal.fragments import Words
from tests.builders import StudentFactory

KEPT = Template(
    "{% load portal_tags %}{% per_language PORTAL_NAME %}"
    "{{ PORTAL_NAME }}|{{ user.username }}|{{ secret }}{% endper_language %}"
)


def test_a_kept_fragment_sees_only_the_values_named_in_it():
    first = KEPT.render(Context({"PORTAL_NAME": "School", "user": {"username": "ana"}}))
    assert first == "School||"
    again = KEPT.render(
        Context({"PORTAL_NAME": "School", "user": {"username": "bo"}, "secret": "x"})
    )
    assert again == "School||"
    renamed = KEPT.render(Context({"PORTAL_NAME": "Academy"}))
    assert renamed == "Academy||"


def test_a_kept_fragment_is_kept_per_language():
    words = Template(
        '{% load i18n portal_tags %}{% per_language %}{% translate "Sign out" %}'
        "{% endper_language %}"
    )
    assert words.render(Context()) == "Sign out"
    with translation.override("es"):
        assert words.render(Context()) == "Cerrar sesión"
    assert words.render(Context()) == "Sign out"


def test_a_value_that_is_not_plain_is_refused():
    # A person (or any object) would be kept, and could be read, past its request.
    refused = Template(
        "{% load portal_tags %}{% per_language who=user %}{{ who }}{% endper_language %}"
    )
    with pytest.raises(TemplateSyntaxError, match="who must be a string"):
        refused.render(Context({"user": StudentFactory.build()}))


def test_two_students_one_after_the_other_each_see_their_own_page(client, db):
    ana = StudentFactory(first_name="Ana", username="ana.ruiz")
    luis = StudentFactory(first_name="Luis", username="luis.mora", language="es")
    for _ in range(2):
        notify(
            recipients=[ana],
            kind=Kind.REPLY,
            params={"title": "Aid and alliance", "author_id": luis.pk},
        )
    pages = {}
    for student in [ana, luis, ana, luis]:
        client.force_login(student)
        pages[student.username] = client.get(reverse("student_todo")).content.decode()
    mine, theirs = pages["ana.ruiz"], pages["luis.mora"]
    assert "Hello, Ana." in mine and "ana.ruiz" in mine and "luis.mora" not in mine
    assert "Notifications: 2 unread" in mine and 'aria-current="page"' in mine
    assert "Hola, Luis." in theirs and "luis.mora" in theirs
    assert "ana.ruiz" not in theirs and "Ana" not in theirs
    assert "Avisos: ninguno sin leer" in theirs and "Cerrar sesión" in theirs
    assert 'lang="es"' in theirs and "Sign out" not in theirs


def test_a_block_inside_a_kept_fragment_is_refused():
    # It could never be filled by a page extending the template: said at once.
    with pytest.raises(TemplateSyntaxError, match="no {% block %} inside"):
        Template(
            "{% load portal_tags %}{% per_language %}{% block title %}{% endblock %}"
            "{% endper_language %}"
        )


class _Field:
    def __init__(self, attname):
        self.attname = attname


class _Content:
    """Stands for a lesson read through lessons.kept: a row (its own fields: id and
    title), what was read with it (``shown``), the digest of it all and the models
    that digest covers."""

    class _meta:  # noqa: N801 - what a model instance has
        label = "lessons.Lesson"
        concrete_fields = (_Field("pk"), _Field("title"))

    content_models = ()

    def __init__(self, pk, title, digest, shown=""):
        self.pk, self.title, self.content_digest, self.shown = pk, title, digest, shown


PER_CONTENT = Template(
    "{% load portal_tags %}{% per_content lesson version=first %}"
    "{{ lesson.title }}|{{ lesson.shown }}|{{ version }}|{{ user.username }}"
    "{% endper_content %}"
)


def _content_page(content, **more) -> str:
    return PER_CONTENT.render(Context({"lesson": content, **more}))


def test_markup_kept_per_content_follows_its_digest_and_sees_only_what_is_named():
    ana = {"username": "ana"}
    assert _content_page(_Content(1, "Aid", "d1", "A"), user=ana) == "Aid|A||"
    # The same digest stands for the same rows read with the lesson: the kept copy
    # (what was read cannot differ under a real digest).
    assert _content_page(_Content(1, "Aid", "d1", "B")) == "Aid|A||"
    # Another digest (a row changed): made again, and kept.
    assert _content_page(_Content(1, "Aid", "d2", "B")) == "Aid|B||"
    # The lesson's own row as this request read it is part of the key (it may have
    # been read before the digest): a newer row is never shown an older copy.
    assert _content_page(_Content(1, "Aid!", "d2", "C")) == "Aid!|C||"
    # Another value named, another lesson: their own copies.
    assert _content_page(_Content(1, "Aid", "d2", "B"), first="adapted") == (
        "Aid|B|adapted|"
    )
    assert _content_page(_Content(2, "War", "d1", "W")) == "War|W||"
    # Without a digest (SQLite, a change while it was read): rendered each time,
    # still seeing only its values.
    assert _content_page(_Content(1, "Now", None, "N"), user=ana) == "Now|N||"
    assert _content_page(_Content(1, "Now", None, "M"), user=ana) == "Now|M||"


def test_a_row_the_digest_does_not_cover_is_refused():
    # A person's row would be kept past its change, and could reach another page.
    refused = Template(
        "{% load portal_tags %}{% per_content lesson who=user %}{{ who }}"
        "{% endper_content %}"
    )
    with pytest.raises(TemplateSyntaxError, match="does not cover"):
        refused.render(
            Context(
                {"lesson": _Content(1, "Aid", "d1"), "user": StudentFactory.build()}
            )
        )


def test_words_written_in_python_are_in_the_language_they_were_made_in():
    """``Words`` (the answer forms' fixed words): each word in the language active
    when the words were made, whatever is active later and whichever was asked
    first (a word kept for one language never answers for another)."""
    with translation.override("es"):
        spanish = Words()
    with translation.override("en"):
        english = Words()
        assert spanish("Save draft") == "Guardar borrador"
        assert english("Save draft") == "Save draft"
    with translation.override("es"):
        assert english("Submit again") == "Submit again"
        assert spanish("Submit again") != "Submit again"
        assert Words()("Submit again") == spanish("Submit again")
