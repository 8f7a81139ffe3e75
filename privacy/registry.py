"""The student-data registry: every place the portal holds something about a person.

``RELATIONS`` names every path from a table to the user, and says for each whether
its rows go in the export and what happens to them when the person is deleted or
anonymised (``privacy.services`` follows it). tests/privacy/test_registry.py walks
every model and fails when a relation to the user (or a table hanging off a
student's own records) is missing here, so a new app cannot quietly keep data the
export or the erasure misses.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.apps import apps


class Erase(StrEnum):
    DELETE = "delete"  # the rows go
    CLEAR = "clear"  # the rows stay; the link to the person is emptied
    KEEP = "keep"  # the rows stay, linked to the (anonymised) account
    REFUSE = "refuse"  # a person with such rows cannot be deleted (hand over first)


@dataclass(frozen=True)
class Relation:
    model: str  # "app_label.ModelName"
    path: str  # lookup from the model to the user, e.g. "response__student"
    export: bool
    on_delete: Erase
    on_anonymise: Erase
    why: str

    @property
    def field(self) -> str:
        return self.path.split("__", 1)[0]

    def get_model(self):
        return apps.get_model(self.model)

    def rows(self, user):
        return self.get_model()._base_manager.filter(**{self.path: user})


D, C, K, R = Erase.DELETE, Erase.CLEAR, Erase.KEEP, Erase.REFUSE
_HISTORY = "edit history of library and lesson content (staff and teachers only)"

RELATIONS: list[Relation] = [
    # accounts and Django
    Relation("accounts.User_groups", "user", True, D, D, "permission groups"),
    Relation("accounts.User_user_permissions", "user", True, D, D, "permissions"),
    Relation("admin.LogEntry", "user", False, D, K, "admin actions by staff"),
    Relation(
        "accounts.AuditEntry",
        "actor",
        False,
        C,
        K,
        "the audit log (ids only; the entry stays, its actor is emptied)",
    ),
    # sign-in: provider accounts, second factors, link codes (allauth and accounts)
    Relation(
        "socialaccount.SocialAccount", "user", True, D, D, "school sign-in accounts"
    ),
    Relation("socialaccount.SocialToken", "account__user", False, D, D, "tokens"),
    Relation("account.EmailAddress", "user", True, D, D, "e-mail addresses"),
    Relation(
        "account.EmailConfirmation",
        "email_address__user",
        False,
        D,
        D,
        "e-mail confirmations (unused: no e-mail sign-up)",
    ),
    Relation("mfa.Authenticator", "user", False, D, D, "second-factor secrets"),
    Relation("accounts.LinkCode", "user", False, D, D, "a login card's link code"),
    Relation(
        "classrooms.RosterImport", "started_by", False, C, K, "roster imports run"
    ),
    # classes
    Relation(
        "classrooms.Enrolment", "student", True, D, K, "the classes a student is in"
    ),
    Relation("classrooms.Classroom", "owner", True, R, K, "a teacher's classes"),
    Relation(
        "classrooms.Classroom_co_teachers", "user", True, D, K, "co-teaching a class"
    ),
    Relation(
        "classrooms.CoTeacherInvitation",
        "invited_by",
        True,
        C,
        K,
        "invitations to co-teach a class, sent",
    ),
    # the library and units (teachers' own content)
    Relation("sources.Source", "owner", True, C, K, "a teacher's own sources"),
    Relation("sources.Excerpt", "owner", True, C, K, "a teacher's own passages"),
    Relation("lessons.Unit", "owner", True, C, K, "a teacher's own units"),
    Relation("lessons.Unit_co_authors", "user", True, D, K, "co-authoring a unit"),
    Relation(
        "portal.HistoricalSchoolSettings",
        "history_user",
        False,
        C,
        K,
        "who changed the school settings (admins only)",
    ),
    Relation("sources.HistoricalTheme", "history_user", False, C, K, _HISTORY),
    Relation("sources.HistoricalSource", "history_user", False, C, K, _HISTORY),
    Relation("sources.HistoricalSource", "owner", False, C, K, _HISTORY),
    Relation("sources.HistoricalExcerpt", "history_user", False, C, K, _HISTORY),
    Relation("sources.HistoricalExcerpt", "owner", False, C, K, _HISTORY),
    Relation("sources.HistoricalExcerptImage", "history_user", False, C, K, _HISTORY),
    Relation("sources.HistoricalGlossaryTerm", "history_user", False, C, K, _HISTORY),
    Relation(
        "sources.HistoricalExcerptTranslation", "history_user", False, C, K, _HISTORY
    ),
    Relation("lessons.HistoricalUnit", "history_user", False, C, K, _HISTORY),
    Relation("lessons.HistoricalUnit", "owner", False, C, K, _HISTORY),
    Relation("lessons.HistoricalLesson", "history_user", False, C, K, _HISTORY),
    Relation("lessons.HistoricalLessonExcerpt", "history_user", False, C, K, _HISTORY),
    Relation("lessons.HistoricalPrompt", "history_user", False, C, K, _HISTORY),
    # assignments: a student's answers and everything hanging off them
    Relation("assignments.Assignment", "created_by", True, C, K, "assignments set"),
    Relation("assignments.Response", "student", True, D, K, "a student's answers"),
    Relation(
        "assignments.PersonalDueDate",
        "student",
        True,
        D,
        K,
        "a student's own due date on an assignment (an accommodation)",
    ),
    Relation("assignments.Citation", "response__student", True, D, K, "evidence cited"),
    Relation(
        "assignments.GridCell",
        "response__student",
        True,
        D,
        K,
        "evidence grid cells (quotation, stance, reliability note)",
    ),
    Relation(
        "assignments.SubmissionVersion",
        "response__student",
        True,
        D,
        K,
        "submitted versions of answers",
    ),
    Relation("assignments.Reply", "author", True, D, K, "replies a student wrote"),
    Relation(
        "assignments.SourcingNote",
        "student",
        True,
        D,
        K,
        "a student's sourcing answers before reading a document",
    ),
    Relation(
        "assignments.Reply",
        "response__student",
        False,
        D,
        K,
        "classmates' replies to the student's answers (their words, not exported; "
        "on deletion the emptied answer and its replies move to a placeholder "
        "account, see _answers_with_replies_detach)",
    ),
    Relation("assignments.Reply", "hidden_by", False, C, K, "a teacher hid a reply"),
    Relation(
        "assignments.Feedback", "response__student", True, D, K, "scores and comments"
    ),
    Relation("assignments.Feedback", "graded_by", False, C, K, "a teacher graded"),
    Relation(
        "assignments.CriterionScore",
        "feedback__response__student",
        True,
        D,
        K,
        "rubric scores on answers",
    ),
    Relation("assignments.SavedComment", "owner", True, D, K, "a teacher's comments"),
    Relation("assignments.Rubric", "owner", True, R, K, "a teacher's rubrics"),
    # notifications: the bell, e-mail choices, the private calendar address
    Relation(
        "notifications.Notification", "recipient", True, D, D, "notifications received"
    ),
    Relation(
        "notifications.NotificationPreference", "user", True, D, D, "e-mail choices"
    ),
    Relation(
        "notifications.CalendarFeed", "user", False, D, D, "private calendar address"
    ),
    # background jobs (their progress pages and results)
    Relation(
        "jobs.Job", "owner", False, D, D, "background jobs a person started (imports)"
    ),
]

# Tables that name a person by username rather than by a link (django-axes keeps
# sign-in attempts and a sign-in log this way).
USERNAME_TABLES = ["axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog"]

USER_FIELDS_EXPORTED = [
    "username",
    "first_name",
    "last_name",
    "email",
    "role",
    "student_number",
    "roster_source_id",
    "is_active",
    "is_staff",
    "date_joined",
    "last_login",
    "must_change_password",
]


def registry_problems() -> list[str]:
    """Registry entries that name a model or a path that does not exist (a model was
    renamed or removed): each is a sentence for the failing test."""
    problems = []
    for relation in RELATIONS:
        try:
            model = relation.get_model()
        except LookupError:
            problems.append(
                f"{relation.model} is in privacy.registry.RELATIONS but is not an "
                "installed model (renamed? not committed yet?)"
            )
            continue
        try:
            model._base_manager.filter(**{relation.path: None}).query  # noqa: B018
        except Exception as error:  # noqa: BLE001 - any lookup error is a problem
            problems.append(f"{relation.model}.{relation.path}: {error}")
    return problems
