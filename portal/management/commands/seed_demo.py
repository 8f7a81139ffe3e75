"""Create the demo accounts and class, and load the shipped content. Safe to run again.

Project wiring (it touches every app), so it lives in portal/management, on top of
the layers; no app imports it."""

import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import user_create
from assignments.models import Assignment
from assignments.services import answers as work
from assignments.services.assignments import assignment_create
from classrooms.models import Classroom
from classrooms.services import classroom_create, enrolment_ensure
from lessons.models import Unit

DEMO_TEACHER = ("demo.teacher", "teach-with-sources", "Dana", "Rivera")
DEMO_ADMIN = ("demo.admin", "admin-with-sources", "Alex", "Morgan")
DEMO_STUDENTS = [
    ("demo.student1", "read-the-sources", "Maya", "Okafor"),
    ("demo.student2", "read-the-sources", "Leo", "Haddad"),
    ("demo.student3", "read-the-sources", "Sofia", "Lindqvist"),
    ("demo.student4", "read-the-sources", "Ethan", "Nguyen"),
]
DEMO_CLASS = "U.S. History, Period 3"
# The demo admin's password is printed in the README: on a server (DEBUG off) the
# command runs only when told this on purpose.
CONSENT_FLAG = "--i-know-this-creates-demo-accounts"


def _ensure_user(username, password, first, last, **extra) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        return user_create(
            username=username,
            password=password,
            first_name=first,
            last_name=last,
            **extra,
        )
    # Re-running restores the printed password, so the demo logins always work.
    user.set_password(password)
    user.is_active = True
    user.must_change_password = False
    user.save(update_fields=["password", "is_active", "must_change_password"])
    return user


class Command(BaseCommand):
    help = "Create demo accounts and a demo class, and load every fixture in fixtures/."

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet-logins", action="store_true", help="Do not print logins."
        )
        parser.add_argument(
            CONSENT_FLAG,
            action="store_true",
            dest="consent",
            help=(
                "Run with DEBUG off anyway: creates an admin and a teacher whose "
                "passwords are published in the README."
            ),
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["consent"]:
            raise CommandError(
                "seed_demo creates demo accounts (an admin among them) whose "
                "passwords are printed in the README, and DEBUG is off, so this "
                "looks like a server. Load the shipped content with "
                "`manage.py load_alliance_sources` and `manage.py load_alliance_unit` "
                f"instead, or pass {CONSENT_FLAG} if you really want the demo here."
            )
        self.load_content()
        with transaction.atomic():
            teacher = _ensure_user(*DEMO_TEACHER, role=User.Role.TEACHER)
            _ensure_user(*DEMO_ADMIN, role=User.Role.TEACHER, is_admin=True)
            students = [
                _ensure_user(*row, role=User.Role.STUDENT) for row in DEMO_STUDENTS
            ]
            classroom = Classroom.objects.filter(owner=teacher, name=DEMO_CLASS).first()
            if classroom is None:
                classroom = classroom_create(
                    owner=teacher,
                    name=DEMO_CLASS,
                    section="Period 3",
                    school_year="2026–27",
                )
            for student in students:
                enrolment_ensure(classroom=classroom, student=student)
            self.demo_assignments(teacher, classroom, students)
        if not options["quiet_logins"]:
            self.print_logins()

    def demo_assignments(self, teacher, classroom, students):
        """The first two lessons of the shipped unit, assigned to the demo class, and
        one student's submitted answer with evidence, so every page has something to
        show. Only the first run creates them."""
        unit = Unit.objects.filter(slug__isnull=False, owner__isnull=True).first()
        if unit is None or Assignment.objects.filter(classroom=classroom).exists():
            return
        now = timezone.now()
        lessons = list(unit.lessons.order_by("order")[:2])
        for days, lesson in zip((7, 14), lessons, strict=False):
            assignment_create(
                lesson=lesson,
                classrooms=[classroom],
                created_by=teacher,
                available_from=now - timedelta(days=1),
                due_at=now + timedelta(days=days),
                points=10,
            )
        first = Assignment.objects.filter(classroom=classroom, lesson=lessons[0]).get()
        prompt = first.lesson.prompts.order_by("order").first()
        item = first.lesson.lesson_excerpts.order_by("order").first()
        paragraph = item.excerpt.paragraphs[0]
        response = work.response_get_or_create(
            assignment=first, prompt=prompt, student=students[1]
        )
        work.response_draft_save(
            response=response,
            text=(
                "The essay says relations were strained before the war, yet the two "
                "countries cooperated because both faced Nazi Germany."
            ),
            revision=1,
        )
        for n in range(max(prompt.min_citations, 1)):
            words = " ".join(paragraph.split()[n * 8 : n * 8 + 8])
            work.citation_add(
                response=response, excerpt=item.excerpt, paragraph=1, quotation=words
            )
        work.response_submit(response=response, idempotency_key=uuid.uuid4())

    def load_content(self):
        fixtures_dir = Path(settings.BASE_DIR) / "fixtures"
        fixtures = sorted(
            p for p in fixtures_dir.glob("*") if p.suffix in {".json", ".yaml", ".yml"}
        )
        for fixture in fixtures:
            call_command("loaddata", str(fixture), verbosity=0)
        # Content built by a loader command from files in the repository.
        for command in getattr(settings, "PORTAL_CONTENT_LOADERS", []):
            call_command(command, verbosity=0)

    def print_logins(self):
        out = self.stdout
        out.write("")
        out.write(self.style.SUCCESS("Demo sign-ins (http://127.0.0.1:8000/):"))
        out.write(f"  teacher  {DEMO_TEACHER[0]:<16} password: {DEMO_TEACHER[1]}")
        out.write(f"  admin    {DEMO_ADMIN[0]:<16} password: {DEMO_ADMIN[1]}")
        for row in DEMO_STUDENTS:
            out.write(f"  student  {row[0]:<16} password: {row[1]}")
        out.write(f"  class    {DEMO_CLASS}")
        out.write("")
