from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from classrooms import admin_roster  # noqa: F401  (the OneRoster import pages)
from classrooms.cards import login_cards_csv_response
from classrooms.models import Classroom, Enrolment
from classrooms.services import classroom_archive, student_passwords_reset
from portal.admin_hooks import admin_extend


class EnrolmentInline(admin.TabularInline):
    model = Enrolment
    autocomplete_fields = ["student"]
    readonly_fields = ["joined_at"]
    fields = ["student", "joined_at", "removed_at"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("student")


class ArchivedFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "archived"

    def lookups(self, request, model_admin):
        return [("no", _("Active")), ("yes", _("Archived"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(archived_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(archived_at__isnull=False)
        return queryset


@admin.register(Classroom)
class ClassroomAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "section",
        "school_year",
        "owner",
        "student_count",
        "join_code",
        "join_enabled",
        "allow_self_signup",
        "archived_at",
    ]
    search_fields = [
        "name",
        "section",
        "join_code",
        "owner__username",
        "owner__last_name",
    ]
    list_filter = [ArchivedFilter, "school_year", "join_enabled", "allow_self_signup"]
    autocomplete_fields = ["owner", "co_teachers"]
    readonly_fields = ["created_at"]
    list_select_related = ["owner"]
    inlines = [EnrolmentInline]
    actions = ["archive_classes", "reset_student_passwords"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _student_count=Count(
                    "enrolments", filter=Q(enrolments__removed_at__isnull=True)
                )
            )
        )

    @admin.display(description=_("students"), ordering="_student_count")
    def student_count(self, obj):
        return obj._student_count

    @admin.action(description=_("Archive the selected classes"))
    def archive_classes(self, request, queryset):
        count = 0
        for classroom in queryset.filter(archived_at__isnull=True):
            classroom_archive(classroom=classroom)
            count += 1
        self.message_user(
            request,
            _("%(count)d classes archived.") % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Reset the students' passwords (download login cards as CSV)")
    )
    def reset_student_passwords(self, request, queryset):
        """New one-time passwords for every current student of the selected classes;
        the plaintext goes into this one download and nowhere else."""
        enrolments = (
            Enrolment.objects.filter(classroom__in=queryset, removed_at__isnull=True)
            .select_related("student", "classroom")
            .order_by("classroom__name", "student__last_name", "student__first_name")
        )
        students = {e.student_id: e.student for e in enrolments}
        classes = {}
        for e in enrolments:
            classes.setdefault(e.student_id, str(e.classroom))
        cards = student_passwords_reset(students=students.values(), by=None)
        return login_cards_csv_response(
            cards, filename="login-cards.csv", class_names=classes
        )


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    """Every student's place in every class; mostly managed on the class's page."""

    list_display = ["student", "classroom", "joined_at", "removed_at"]
    list_filter = [("removed_at", admin.EmptyFieldListFilter), "classroom__school_year"]
    search_fields = [
        "student__username",
        "student__first_name",
        "student__last_name",
        "classroom__name",
    ]
    autocomplete_fields = ["student", "classroom"]
    readonly_fields = ["joined_at"]
    list_select_related = ["student", "classroom"]


class StudentPasswordsAdminMixin:
    """Added to the user admin (accounts) by classrooms, which owns login cards."""

    actions = ["reset_student_passwords"]

    @admin.action(
        description=_(
            "Reset the selected students' passwords (download login cards as CSV)"
        )
    )
    def reset_student_passwords(self, request, queryset):
        cards = student_passwords_reset(
            students=queryset.filter(role=User.Role.STUDENT), by=None
        )
        return login_cards_csv_response(cards, filename="login-cards.csv")


admin_extend(User, StudentPasswordsAdminMixin)
