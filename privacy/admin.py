"""The admin's privacy actions on the user list: export everything held about the
selected people, anonymise them, or delete them with their data. Added to the user
admin (accounts) from here, so accounts never imports privacy."""

from django.contrib import admin, messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.audit import Kind, audit_record
from accounts.models import User
from jobs.services import job_start
from portal.admin_hooks import admin_extend
from privacy.jobs import student_data_export_job
from privacy.services import StudentDataError, student_anonymise, student_delete


def _export_start(request, users: list[User]) -> HttpResponse:
    """A worker builds the file (one person) or a zip of files (several); the job's
    page offers it to the admin who asked when it is ready."""
    ids = ", ".join(str(user.pk) for user in users)
    audit_record(
        Kind.EXPORT, target=f"student data, users {ids}"[:200], request=request
    )
    job = job_start(
        handler=student_data_export_job,
        title=ngettext(
            "Exporting the data of %(count)d person",
            "Exporting the data of %(count)d people",
            len(users),
        )
        % {"count": len(users)},
        payload={"user_ids": [user.pk for user in users]},
        owner=request.user,
        return_url=request.get_full_path(),
    )
    return redirect(job)


class PrivacyAdminMixin:
    actions = ["export_student_data", "anonymise_accounts", "delete_with_data"]

    @admin.action(
        description=gettext_lazy("Export everything held about the selected people")
    )
    def export_student_data(self, request, queryset):
        return _export_start(request, list(queryset))

    def _confirm(self, request, queryset, *, action, title, explanation, button):
        return TemplateResponse(
            request,
            "admin/privacy/confirm_erasure.html",
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


admin_extend(User, PrivacyAdminMixin)
