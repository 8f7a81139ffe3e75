import io
import zipfile

from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.models import User
from accounts.services import teacher_accounts_approve


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
    actions = [
        "approve_teachers",
        "reset_student_passwords",
        "export_student_data",
        "anonymise_accounts",
        "delete_with_data",
    ]

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        # Deleting a person goes through the student-data plan (below) instead.
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

    @admin.action(
        description=gettext_lazy(
            "Reset the selected students' passwords (download login cards as CSV)"
        )
    )
    def reset_student_passwords(self, request, queryset):
        from classrooms.cards import login_cards_csv_response
        from classrooms.services import student_passwords_reset

        cards = student_passwords_reset(
            students=queryset.filter(role=User.Role.STUDENT)
        )
        return login_cards_csv_response(cards, filename="login-cards.csv")

    @admin.action(
        description=gettext_lazy("Export everything held about the selected people")
    )
    def export_student_data(self, request, queryset):
        from portal.studentdata import (
            student_data_export,
            student_data_filename,
        )

        users = list(queryset)
        if len(users) == 1:
            data, filename = (
                student_data_export(user=users[0]),
                student_data_filename(users[0]),
            )
        else:
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w") as bundle:
                for user in users:
                    bundle.writestr(
                        student_data_filename(user), student_data_export(user=user)
                    )
            data, filename = buffer.getvalue(), "student-data.zip"
        response = HttpResponse(data, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def _confirm(self, request, queryset, *, action, title, explanation, button):
        return TemplateResponse(
            request,
            "admin/accounts/user/confirm_erasure.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": title,
                "explanation": explanation,
                "button": button,
                "action": action,
                "people": queryset,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(
        description=gettext_lazy(
            "Anonymise the selected people (keep their work, forget who they were)"
        )
    )
    def anonymise_accounts(self, request, queryset):
        from portal.studentdata import student_anonymise

        if request.POST.get("confirm") != "yes":
            return self._confirm(
                request,
                queryset,
                action="anonymise_accounts",
                title=_("Anonymise these accounts?"),
                explanation=_(
                    "Names, usernames, e-mail addresses, school IDs, passwords and "
                    "sign-in records are removed for good and the accounts are "
                    "switched off. Their answers stay, unnamed, so every class figure "
                    "stays as it is. Export their data first if they asked for it."
                ),
                button=_("Yes, anonymise"),
            )
        people = list(queryset.exclude(pk=request.user.pk))
        for person in people:
            student_anonymise(user=person)
        self.message_user(
            request,
            ngettext(
                "%(count)d account anonymised.",
                "%(count)d accounts anonymised.",
                len(people),
            )
            % {"count": len(people)},
            messages.SUCCESS,
        )

    @admin.action(
        description=gettext_lazy("Delete the selected people and all their data")
    )
    def delete_with_data(self, request, queryset):
        from portal.studentdata import StudentDataError, student_delete

        if request.POST.get("confirm") != "yes":
            return self._confirm(
                request,
                queryset,
                action="delete_with_data",
                title=_("Delete these people and all their data?"),
                explanation=_(
                    "Their accounts, class places, answers, evidence, submitted "
                    "versions and replies are deleted for good; class figures will "
                    "count only the students who remain. To keep the class's figures "
                    "as they are, anonymise instead."
                ),
                button=_("Yes, delete"),
            )
        deleted = 0
        for person in queryset.exclude(pk=request.user.pk):
            try:
                student_delete(user=person)
            except StudentDataError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                deleted += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d person deleted with their data.",
                "%(count)d people deleted with their data.",
                deleted,
            )
            % {"count": deleted},
            messages.SUCCESS,
        )
