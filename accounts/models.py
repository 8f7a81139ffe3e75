from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in. Admins are staff; everyone else is a teacher or a student."""

    class Role(models.TextChoices):
        TEACHER = "teacher", _("Teacher")
        STUDENT = "student", _("Student")

    role = models.CharField(
        _("role"), max_length=16, choices=Role.choices, default=Role.STUDENT
    )
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_("Set when a teacher gives a one-time password; cleared on change."),
    )
    student_number = models.CharField(
        _("student ID"), max_length=64, blank=True, help_text=_("The school's own ID.")
    )
    # OneRoster's sourcedId for this person: how a roster import finds them again.
    roster_source_id = models.CharField(
        _("roster ID"),
        max_length=255,
        null=True,
        blank=True,
        unique=True,
        help_text=_("The student information system's ID (OneRoster sourcedId)."),
    )
    # The language this person reads the portal in (a code from settings.LANGUAGES),
    # applied from sign-in on every computer; blank follows the language menu's
    # cookie or the browser. No choices here: adding a language must not need a
    # migration (docs/languages.md); accounts.services.user_language_set checks it.
    language = models.CharField(
        _("language"),
        max_length=16,
        blank=True,
        default="",
        help_text=_("Blank: the browser's language."),
    )
    # The time zone this person reads dates in (an IANA name such as
    # "Europe/Madrid"); blank follows the school's. Pages, the calendar feed and
    # e-mails use it (portal.times.zone_of). No choices: the zone list changes with
    # the tz database; accounts.services.user_time_zone_set checks it.
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        default="",
        help_text=_("Blank: the school's time zone."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def is_teacher(self) -> bool:
        return self.role == self.Role.TEACHER

    @property
    def is_student(self) -> bool:
        return self.role == self.Role.STUDENT and not self.is_staff

    @property
    def role_label(self) -> str:
        """The role's name as ``get_role_display`` gives it, without rebuilding the
        field's choices on every page (the header shows it on each)."""
        try:
            return self.Role(self.role).label
        except ValueError:  # not one of the choices: shown as stored, as Django does
            return self.role

    @property
    def display_name(self) -> str:
        """First name and last initial: how classmates see each other."""
        if self.first_name:
            initial = f" {self.last_name[:1]}." if self.last_name else ""
            return f"{self.first_name}{initial}"
        # Never the username: classmates must not learn each other's sign-in names.
        return str(_("A classmate"))


class LinkCode(models.Model):
    """A one-time code printed on a login card: the first single sign-on with an
    unknown provider account and this code links that account to this person. Only
    a keyed digest is kept; the code is deleted when used or when a new card is made."""

    user = models.OneToOneField(
        User,
        on_delete=models.CASCADE,
        related_name="link_code",
        verbose_name=_("person"),
    )
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("link code")
        verbose_name_plural = _("link codes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(digest__regex=r"^[0-9a-f]{64}$"),
                name="link_code_digest_is_sha256_hex",
            )
        ]

    def __str__(self):
        return str(_("Link code for %(user)s") % {"user": self.user})


class AuditEntry(models.Model):
    """One line of the audit log (``accounts.audit.audit_record``): who did what to
    which object, when, from which address. ``target`` holds ids and short labels
    only, never a password, token, one-time password or answer text."""

    class Kind(models.TextChoices):
        SIGN_IN = "sign_in", _("Sign-in")
        SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
        REFUSAL = "refusal", _("Refusal")
        PASSWORD_RESET = "password_reset", _("Password reset")
        SCORE_CHANGE = "score_change", _("Score change")
        EXPORT = "export", _("Export")
        ERASURE = "erasure", _("Erasure")

    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        User,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    target = models.CharField(_("target"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=64, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")

    def __str__(self):
        return f"{self.get_kind_display()} {self.target}"
