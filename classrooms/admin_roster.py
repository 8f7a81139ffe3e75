"""The admin's OneRoster page: upload a zip as a dry run (the default), read what
would be created, updated and switched off, then apply that same file."""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from classrooms.models import RosterImport, RosterRecord
from classrooms.roster.apply import ACTIONS
from classrooms.roster.run import roster_import_progress, roster_import_start
from classrooms.roster.tasks import roster_import_job
from jobs.services import job_start

KIND_LABELS = {
    "orgs": _("Schools and districts"),
    "academicSessions": _("Terms and school years"),
    "courses": _("Courses"),
    "classes": _("Classes"),
    "users": _("People"),
    "enrollments": _("Students in classes"),
}


def _enqueue(roster: RosterImport) -> None:
    job_start(
        handler=roster_import_job,
        title=str(_("OneRoster import")),
        payload={"import_id": roster.pk},
        owner=roster.started_by,
    )


class RosterUploadForm(forms.ModelForm):
    class Meta:
        model = RosterImport
        fields = ["file", "dry_run"]
        # A plain file input: it gets a <label> (the clearable one, a legend).
        widgets = {"file": forms.FileInput(attrs={"accept": ".zip,application/zip"})}
        help_texts = {
            "file": _(
                "The zip a student information system exports as OneRoster 1.2 CSV "
                "(manifest, orgs, academicSessions, courses, classes, users, "
                "enrollments), bulk or delta."
            ),
            "dry_run": _(
                "Keep this ticked the first time: the report lists what would be "
                "created, updated and switched off, and offers to apply the file."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:  # (the add page; the view page has no form fields)
            self.fields["file"].required = True


@admin.register(RosterImport)
class RosterImportAdmin(admin.ModelAdmin):
    form = RosterUploadForm
    change_form_template = "admin/classrooms/rosterimport/change_form.html"
    list_display = ["__str__", "status", "progress", "started_by", "finished_at"]
    list_select_related = ["started_by"]
    list_filter = ["status", "dry_run"]
    fields = ["file", "dry_run"]

    def has_change_permission(self, request, obj=None):
        return False  # an import is a record of what happened: view it, not edit it

    def save_model(self, request, obj, form, change):
        obj.started_by = request.user
        super().save_model(request, obj, form, change)
        _enqueue(obj)

    def response_add(self, request, obj, post_url_continue=None):
        return redirect(reverse("admin:classrooms_rosterimport_change", args=[obj.pk]))

    def get_urls(self):
        apply = self.admin_site.admin_view(require_POST(self.apply_view))
        return [
            path("<int:pk>/apply/", apply, name="classrooms_rosterimport_apply"),
            *super().get_urls(),
        ]

    @transaction.atomic
    def apply_view(self, request, pk):
        """Apply the file a finished dry run read (a new import of the same zip)."""
        dry = get_object_or_404(RosterImport, pk=pk, dry_run=True)
        if dry.status != RosterImport.Status.DONE:
            messages.error(request, _("Only a finished dry run can be applied."))
            return redirect(reverse("admin:classrooms_rosterimport_change", args=[pk]))
        roster = roster_import_start(
            file=dry.file.name, dry_run=False, started_by=request.user
        )
        _enqueue(roster)
        return redirect(
            reverse("admin:classrooms_rosterimport_change", args=[roster.pk])
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        roster = get_object_or_404(RosterImport, pk=object_id)
        percent, stage = roster_import_progress(roster)
        counts = roster.report.get("counts", {})
        rows = [
            {
                "label": KIND_LABELS.get(kind, kind),
                **{a: counts[kind].get(a, 0) for a in ACTIONS},
            }
            for kind in KIND_LABELS
            if kind in counts
        ]
        context = {
            "roster": roster,
            "percent": percent,
            "stage": stage,
            "rows": rows,
            "examples": roster.report.get("examples", {}),
            "problems": roster.report.get("problems", []),
            "notes": roster.report.get("notes", []),
            "running": roster.status
            in {RosterImport.Status.WAITING, RosterImport.Status.RUNNING},
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, context)


@admin.register(RosterRecord)
class RosterRecordAdmin(admin.ModelAdmin):
    list_display = ["sourced_id", "kind", "active", "updated_at"]
    list_filter = ["kind", "active"]
    search_fields = ["sourced_id"]
    readonly_fields = ["kind", "sourced_id", "active", "data", "updated_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
