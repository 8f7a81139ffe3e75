"""Stored-XSS payloads, a world full of them, and the check a page must pass.

The check reads a page's HTML as a browser would build it and fails on anything a
payload could have brought in that runs: an inline script or one from elsewhere,
an event-handler attribute, a ``javascript:``/``vbscript:``/``data:`` address (data
images aside), a frame, an object, a ``<base>``, a refresh, a ``<style>`` element,
and template syntax that was evaluated. The portal's own templates have none of
these (the CSP forbids inline script and style), so any one found is a payload
that got through."""

import re
import uuid
from datetime import timedelta
from html.parser import HTMLParser

from django.db import models
from django.utils import timezone

# Each payload names itself (x1 … x26) so a failure says which one got through.
PAYLOADS = [
    '<script>alert("x1")</script>',
    '<img src=x onerror=alert("x2")>',
    '<svg onload=alert("x3")>',
    '<svg><script>alert("x4")</script></svg>',
    '[x5](javascript:alert("x5"))',
    "<a href=\"javascript:alert('x6')\">x6</a>",
    "[x7](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<a href=\"data:text/html,<script>alert('x8')</script>\">x8</a>",
    "<iframe srcdoc=\"<script>alert('x9')</script>\"></iframe>",
    "<style>body{background:url(\"javascript:alert('x10')\")}</style>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert('x11')>\">",
    "x12{{ 7|add:7 }}{% debug %}x12",
    "\"><script>alert('x13')</script>",
    "'><img src=x onerror=alert('x14')>",
    "<details open ontoggle=alert('x15')>x15</details>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('x16')>",
    "![x17](javascript:alert('x17'))",
    "<a href=\"  JaVaScRiPt:alert('x18')\">x18</a>",
    "<object data=\"javascript:alert('x19')\"></object>",
    "<body onload=alert('x20')>",
    "<input autofocus onfocus=alert('x21')>",
    '<base href="//evil.example/">x22',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'x23\')">',
    "&lt;script&gt;alert('x24')&lt;/script&gt;",
    '[x25](vbscript:msgbox("x25"))',
    "<form action=\"javascript:alert('x26')\"><button>x26</button></form>",
]

DANGEROUS_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base"}
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
CONTROL = re.compile(r"[\x00-\x20]+")


class _Check(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._script: dict | None = None
        self._body = False

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): v or "" for k, v in attrs}
        self._body = self._body or tag == "body"
        for name, value in a.items():
            self._attribute(tag, name, value)
        if tag in DANGEROUS_TAGS:
            self.problems.append(f"<{tag}> element")
        elif tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>")
        elif tag == "style" and self._body:
            self.problems.append("<style> element in the body")
        elif tag == "script":
            self._script_tag(a)

    def _attribute(self, tag, name, value):
        if name.startswith("on"):
            self.problems.append(f"<{tag} {name}=…>")
        if name == "srcdoc":
            self.problems.append(f"<{tag} srcdoc>")
        if name in URL_ATTRS:
            address = CONTROL.sub("", value).lower()
            image = tag == "img" and address.startswith("data:image/")
            if address.startswith(BAD_SCHEMES) and not image:
                self.problems.append(f"<{tag} {name}={value[:60]!r}>")
        if name == "style" and re.search(r"javascript|expression\(|url\(", value, re.I):
            self.problems.append(f"<{tag} style={value[:60]!r}>")

    def _script_tag(self, a):
        kind = a.get("type", "").lower()
        if kind == "application/json" or kind == "application/ld+json":
            return
        src = a.get("src", "")
        if not src:
            self.problems.append("inline <script>")
        elif not src.startswith("/") or src.startswith(("//", "/\\")):
            self.problems.append(f"<script src={src[:60]!r}>")


def page_problems(html: str) -> list[str]:
    """What on this page could run a payload (see the module's docstring)."""
    check = _Check()
    check.feed(html)
    if "x1214" in html.replace(" ", "") or "14{'" in html:
        check.problems.append("template syntax was evaluated (x12)")
    return check.problems


# --- a world full of payloads -------------------------------------------------------

SKIPPED_FIELDS = {
    "slug", "excerpt_slug", "join_code", "username", "password", "email", "url",
    "language", "status", "skill", "kind", "role", "discussion_visibility",
    "date_precision", "roster_source_id", "student_number", "package_id",
}  # fmt: skip


class Payloads:
    """Hands out the payloads in turn and remembers which field got which."""

    def __init__(self):
        self.n = 0
        self.fields: set[str] = set()

    def next(self) -> str:
        self.n += 1
        return PAYLOADS[(self.n - 1) % len(PAYLOADS)]

    def fill(self, obj) -> None:
        """Every free-text field of ``obj`` gets a payload (cut to the field's
        length); written straight to its row, as if typed before any check."""
        values = {}
        for field in obj._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField):
                continue
            if field.choices or field.name in SKIPPED_FIELDS or field.primary_key:
                continue
            text = self.next()
            if isinstance(field, models.TextField) and field.name == "text":
                text = "\n\n".join([text, self.next(), self.next()])
            values[field.name] = text[: field.max_length] if field.max_length else text
            self.fields.add(f"{obj._meta.label}.{field.name}")
        type(obj)._base_manager.filter(pk=obj.pk).update(**values)


def world_build(actors) -> dict:
    """Teacher A's class A (student A and student B in it) with a unit, a lesson,
    an assignment, a rubric and a saved comment; student A's submitted answer with
    a citation, student B's reply, teacher A's feedback; every free-text field of
    every one of them (and the people's names) a payload. Returns the objects, for
    the URLs that show them."""
    from assignments.services import answers, feedback, replies, rubrics
    from classrooms.models import Classroom
    from tests.assignments.conftest import build_assignment, enrol

    teacher = actors["teacher_a"]
    classroom = Classroom.objects.get(owner=teacher)
    enrol(classroom, actors["student_b"])
    assignment = build_assignment(
        teacher,
        classroom=classroom,
        prompts=2,
        available_from=timezone.now() - timedelta(days=1),
    )
    prompt = assignment.lesson.prompts.order_by("order").first()
    item = assignment.lesson.lesson_excerpts.order_by("order").first()
    response = answers.response_get_or_create(
        assignment=assignment, prompt=prompt, student=actors["student_a"]
    )
    answers.response_draft_save(response=response, text="An answer.", revision=1)
    answers.citation_add(
        response=response, excerpt=item.excerpt, paragraph=1, quotation="lend"
    )
    answers.response_submit(response=response, idempotency_key=uuid.uuid4())
    reply = replies.reply_create(
        response=response, author=actors["student_b"], text="A reply."
    )
    rubric = rubrics.rubric_create(
        owner=teacher,
        title="Evidence",
        criteria=[{"title": "Uses the source", "skill": "sourcing", "points": 3}],
    )
    comment = feedback.saved_comment_create(owner=teacher, text="Cite the text.")
    feedback.feedback_save(
        item=feedback.FeedbackInput(
            response=response, score=None, comment="Good.", version=0
        ),
        max_points=assignment.points,
        graded_by=teacher,
        criteria=[],
    )
    unit, lesson = assignment.lesson.unit, assignment.lesson
    source = item.excerpt.source
    objects = {
        "classroom": classroom, "assignment": assignment, "unit": unit,
        "lesson": lesson, "prompt": prompt, "lesson_excerpt": item,
        "excerpt": item.excerpt, "source": source, "response": response,
        "reply": reply, "rubric": rubric, "saved_comment": comment,
        "feedback": response.feedback, "citation": response.citations.first(),
    }  # fmt: skip
    payloads = Payloads()
    for obj in [
        *objects.values(),
        *rubric.criteria.all(),
        *item.excerpt.glossary.all(),
    ]:
        payloads.fill(obj)
    for key in ["student_a", "student_b", "teacher_a"]:
        person = actors[key]
        type(person).objects.filter(pk=person.pk).update(
            first_name=payloads.next()[:150], last_name=payloads.next()[:150]
        )
        payloads.fields.update({"accounts.User.first_name", "accounts.User.last_name"})
    objects["payloads"] = payloads
    return objects


def candidate_kwargs(kwarg: str, world: dict, actors) -> list:
    """The values worth trying for a URL argument: the world's objects whose kind
    the argument's name suggests; ``pk`` takes any of them."""
    named = {
        "slug": [world["source"].slug],
        "excerpt_slug": [world["excerpt"].slug],
        "student_pk": [actors["student_a"].pk, actors["student_b"].pk],
        "prompt_pk": [world["prompt"].pk],
        "response_pk": [world["response"].pk],
        "pk": sorted({o.pk for o in world.values() if hasattr(o, "pk")}),
    }
    return named.get(kwarg, [])
