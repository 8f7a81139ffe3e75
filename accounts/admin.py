from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy, ngettext

from accounts import admin_sso  # noqa: F401  (the sign-in providers' admin)
from accounts.audit import Kind, audit_record
from accounts.models import AuditEntry, User
from accounts.services import teacher_accounts_approve
from accounts.teacher_import import teachers_csv_read, teachers_import

MAX_CSV_BYTES = 2 * 1024 * 1024


class TeacherCsvForm(forms.Form):
    csv_file = forms.FileField(
        label=gettext_lazy("CSV file of teachers"),
        help_text=gettext_lazy(
            "A header row with username, first_name, last_name and (optionally) "
            "email, then one teacher a line."
        ),
    )

    def clean_csv_file(self):
        upload = self.cleaned_data["csv_file"]
        if upload.size > MAX_CSV_BYTES:
            raise forms.ValidationError(gettext_lazy("The file is larger than 2 MB."))
        return upload


class AwaitingApprovalFilter(admin.SimpleListFilter):
    title = gettext_lazy("approval")
    parameter_name = "awaiting"

    def lookups(self, request, model_admin):
        return [("yes", gettext_lazy("Teachers awaiting approval"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(role=User.Role.TEACHER, is_active=False)
        return queryset


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    def user_change_password(self, request, id, form_url=""):
        """Django's password page for the admin; a saved new password goes in the
        audit log (the page answers with a redirect once it is saved)."""
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            audit_record(Kind.PASSWORD_RESET, target=f"user {id} (admin)")
        return response

    change_list_template = "admin/accounts/user/change_list.html"
    list_display = [
        "username",
        "first_name",
        "last_name",
        "role",
        "is_staff",
        "is_active",
        "last_login",
    ]
    list_filter = [
        AwaitingApprovalFilter,
        "role",
        "is_staff",
        "is_active",
        "must_change_password",
    ]
    search_fields = ["username", "first_name", "last_name", "email", "student_number"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = BaseUserAdmin.fieldsets + (
        (
            gettext_lazy("Portal"),
            {"fields": ("role", "must_change_password", "student_number")},
        ),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        (
            gettext_lazy("Portal"),
            {
                "fields": ("role", "first_name", "last_name", "email"),
                "description": gettext_lazy(
                    "Choose “Teacher” for a teacher account (the “Add a teacher” "
                    "button on the list fills it in)."
                ),
            },
        ),
    )
    # Higher apps add their actions here through portal.admin_hooks.admin_extend:
    # classrooms (reset students' passwords), privacy (export, anonymise, delete).
    actions = ["approve_teachers"]

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        # Deleting a person goes through the student-data plan (privacy) instead.
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description=gettext_lazy("Approve the selected teacher accounts"))
    def approve_teachers(self, request, queryset):
        approved = teacher_accounts_approve(users=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d teacher account approved: they can sign in now.",
                "%(count)d teacher accounts approved: they can sign in now.",
                len(approved),
            )
            % {"count": len(approved)},
            messages.SUCCESS,
        )

    def get_urls(self):
        extra = [
            path(
                "import-teachers/",
                self.admin_site.admin_view(self.import_teachers_view),
                name="accounts_user_import_teachers",
            )
        ]
        return extra + super().get_urls()

    def import_teachers_view(self, request):  # admin_view: staff only, never cached
        """Upload a CSV of teachers: every problem by line and nothing created, or
        every account created with its one-time password shown once."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = TeacherCsvForm(request.POST or None, request.FILES or None)
        problems, created = [], []
        if request.method == "POST" and form.is_valid():
            read = teachers_csv_read(form.cleaned_data["csv_file"].read())
            problems = read.problems
            if not problems:
                created = teachers_import(rows=read.rows)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext_lazy("Import teachers from a CSV file"),
            "opts": self.model._meta,
            "form": form,
            "problems": problems,
            "created": created,
        }
        return TemplateResponse(
            request, "admin/accounts/user/import_teachers.html", context
        )


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log, for admins: read only (nobody adds, edits or deletes)."""

    list_display = ["at", "kind", "actor", "target", "address"]
    list_filter = ["kind", "at"]
    search_fields = ["actor__username"]
    date_hierarchy = "at"
    list_select_related = ["actor"]
    fields = ["at", "kind", "actor", "target", "address"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
