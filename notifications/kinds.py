"""What each kind of notification says, written when it is shown (in the reader's
language and time zone), and who it is for. One place for the words, used by the
bell's page and by the e-mails."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from notifications.models import EmailMode, Kind

# Params that name a person hold their id, never their name: the words are written
# when shown, so an anonymised or deleted person's name is in no notification.
PERSON_PARAMS = ("author_id", "actor_id", "person_id")

STUDENT_KINDS = [Kind.ASSIGNMENT_NEW, Kind.DUE_SOON, Kind.ANSWER_RETURNED, Kind.REPLY]
TEACHER_KINDS = [Kind.SUBMISSIONS, Kind.LATE_SUBMISSIONS, Kind.CLASS_CHANGED]
DEFAULT_EMAIL = {
    Kind.ASSIGNMENT_NEW: EmailMode.IMMEDIATE,
    Kind.DUE_SOON: EmailMode.IMMEDIATE,
    Kind.ANSWER_RETURNED: EmailMode.IMMEDIATE,
    Kind.REPLY: EmailMode.IMMEDIATE,
    Kind.SUBMISSIONS: EmailMode.DAILY,
    # Work arriving after the due date may change marks already given: at once.
    Kind.LATE_SUBMISSIONS: EmailMode.IMMEDIATE,
    Kind.CLASS_CHANGED: EmailMode.IMMEDIATE,
}


def kinds_for(user) -> list[str]:
    """The kinds a person can receive (a teacher also gets replies on answers they
    wrote as a model, so both lists for staff and teachers)."""
    if getattr(user, "is_student", False):
        return list(STUDENT_KINDS)
    return [*TEACHER_KINDS, Kind.REPLY]


def _when(value: str | None) -> str:
    moment: datetime | None = parse_datetime(value) if value else None
    if moment is None:
        return ""
    return formats.date_format(timezone.localtime(moment), "D M j, g:i A T")


@dataclass(frozen=True)
class Words:
    subject: str
    text: str


def names_for(all_params: list[dict]) -> dict[int, User]:
    """The people the notifications name (one query for any number)."""
    ids = {
        params[key]
        for params in all_params
        for key in PERSON_PARAMS
        if isinstance(params.get(key), int)
    }
    return User.objects.in_bulk(ids) if ids else {}


def _people(params: dict, people: dict[int, User]) -> dict[str, str]:
    someone = _("someone")
    author = people.get(params.get("author_id"))
    actor = people.get(params.get("actor_id"))
    person = people.get(params.get("person_id"))
    return {
        "author": author.display_name if author else someone,
        "actor": str(actor) if actor else someone,
        "name": str(person) if person else someone,
    }


def words(  # noqa: PLR0911 (one return per kind)
    kind: str, params: dict, count: int = 1, people: dict[int, User] | None = None
) -> Words:
    """The short subject and the sentence for one notification (``people``: from
    ``names_for``; looked up here when not given)."""
    if people is None:
        people = names_for([params])
    p = {
        **params,
        **_people(params, people),
        "due": _when(params.get("due")),
        "count": count,
    }
    if kind == Kind.ASSIGNMENT_NEW:
        return Words(
            _("New assignment: %(title)s") % p,
            _("“%(title)s” was assigned in %(classroom)s, due %(due)s.") % p,
        )
    if kind == Kind.DUE_SOON:
        return Words(
            _("Due soon: %(title)s") % p,
            _("“%(title)s” is due %(due)s and you have not submitted it yet.") % p,
        )
    if kind == Kind.ANSWER_RETURNED:
        text = (
            _("Your answer to “%(title)s” was graded and returned: %(score)s.")
            if p.get("score")
            else _("Your answer to “%(title)s” was returned.")
        )
        return Words(_("Returned: %(title)s") % p, text % p)
    if kind == Kind.REPLY:
        return Words(
            _("New reply: %(title)s") % p,
            _("%(author)s replied to your answer in “%(title)s”.") % p,
        )
    if kind == Kind.SUBMISSIONS:
        text = ngettext(
            "%(count)d new submission to “%(title)s” in %(classroom)s.",
            "%(count)d new submissions to “%(title)s” in %(classroom)s.",
            count,
        )
        if p.get("late"):
            text += " " + _("%(late)d of them late.")
        return Words(_("Submissions: %(title)s") % p, text % p)
    if kind == Kind.LATE_SUBMISSIONS:
        text = ngettext(
            "%(count)d late submission to “%(title)s” in %(classroom)s, after its "
            "due date.",
            "%(count)d late submissions to “%(title)s” in %(classroom)s, after its "
            "due date.",
            count,
        )
        return Words(_("Late submissions: %(title)s") % p, text % p)
    return _class_changed(p)


def _class_changed(p: dict) -> Words:
    if p.get("change") == "co_teacher_joined":
        return Words(
            _("Class changed: %(classroom)s") % p,
            _("%(actor)s now co-teaches %(classroom)s.") % p,
        )
    p["change"] = _change(p.get("change", ""), p)
    return Words(
        _("Class changed: %(classroom)s") % p,
        _("%(actor)s changed %(classroom)s: %(change)s.") % p,
    )


def _change(code: str, p: dict) -> str:
    if code == "co_teacher_added":
        return _("added %(name)s as a co-teacher") % p
    if code == "co_teacher_removed":
        return _("removed %(name)s as a co-teacher") % p
    if code == "students_added":
        return (
            ngettext(
                "added %(added)d student", "added %(added)d students", p.get("added", 0)
            )
            % p
        )
    if code == "roster":
        return _roster_change(p)
    if code in ASSIGNMENT_CHANGES:
        return ASSIGNMENT_CHANGES[code]() % p
    return _("changed its settings")


# A co-teacher's changes to the class's assignments (assignments raises them).
ASSIGNMENT_CHANGES = {
    "assignment_created": lambda: _("assigned “%(title)s”, due %(due)s"),
    "assignment_due_changed": lambda: _("moved the due date of “%(title)s” to %(due)s"),
    "assignment_deleted": lambda: _("deleted the assignment “%(title)s”"),
}


def _roster_change(p: dict) -> str:
    """ "added 3 students and removed 1 student" (a digest of one teacher's roster
    changes to a class)."""
    added, removed = p.get("added", 0), p.get("removed", 0)
    parts = []
    if added:
        parts.append(
            ngettext("added %(added)d student", "added %(added)d students", added) % p
        )
    if removed:
        parts.append(
            ngettext(
                "removed %(removed)d student", "removed %(removed)d students", removed
            )
            % p
        )
    if len(parts) == 2:  # noqa: PLR2004 (added and removed)
        return _("%(first)s and %(second)s") % {"first": parts[0], "second": parts[1]}
    return parts[0] if parts else _("changed its roster")
