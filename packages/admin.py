"""Unit packages in the admin: an "Export as package" action and an "Import a unit
package" page on the unit list. packages adds them to the unit admin (lessons) with
``portal.admin_hooks.admin_extend``, so lessons never imports packages."""

import uuid

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.audit import Kind, audit_record
from jobs.services import job_start
from lessons.models import Unit
from packages.forms import PackageImportForm
from packages.jobs import unit_package_export_job, unit_package_import_job
from packages.models import UnitPackageIdentity
from portal.admin_hooks import admin_extend


@admin.action(description=gettext_lazy("Export as package (.unit.zip)"))
def export_as_package(modeladmin, request, queryset):
    """A worker builds the package (one unit) or a zip of packages (several); the
    job's page offers the file when it is ready."""
    unit_ids = list(queryset.order_by("title", "pk").values_list("pk", flat=True))
    ids = ", ".join(map(str, unit_ids))
    audit_record(Kind.EXPORT, target=f"package export, units {ids}"[:200])
    job = job_start(
        handler=unit_package_export_job,
        title=ngettext(
            "Exporting %(count)d unit as a package",
            "Exporting %(count)d units as packages",
            len(unit_ids),
        )
        % {"count": len(unit_ids)},
        payload={"unit_ids": unit_ids},
        owner=request.user,
        return_url=request.get_full_path(),
    )
    return redirect(job)


class UnitPackageAdminMixin:
    """Adds the import page (and a link to it on the list) and the export action to
    a ModelAdmin of units."""

    change_list_template = "admin/packages/unit_change_list.html"
    actions = [export_as_package]

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "import-package/",
                self.admin_site.admin_view(self.import_package_view),
                name="{}_{}_import_package".format(*info),
            ),
            *super().get_urls(),
        ]

    def import_package_view(self, request):
        """Upload a package: a worker imports it while the job's page shows how
        far it is, then what it did (or why the package was refused)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = PackageImportForm()
        if request.method == "POST":
            form = PackageImportForm(request.POST, request.FILES)
            if form.is_valid():
                name = default_storage.save(
                    f"packages/incoming/{uuid.uuid4().hex}.zip",
                    form.cleaned_data["package"],
                )
                job = job_start(
                    handler=unit_package_import_job,
                    title=_("Importing the unit package “%(name)s”")
                    % {"name": form.cleaned_data["package"].name[:120]},
                    payload={"storage_name": name},
                    owner=request.user,
                    return_url=request.path,
                )
                return redirect(job)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import a unit package"),
            "form": form,
            "has_view_permission": self.has_view_permission(request),
        }
        return TemplateResponse(request, "admin/packages/import_package.html", context)


admin_extend(Unit, UnitPackageAdminMixin)


@admin.register(UnitPackageIdentity)
class UnitPackageIdentityAdmin(admin.ModelAdmin):
    """Which package id each unit carries; set by exports and imports only."""

    list_display = ["unit", "package_id", "created_at"]
    search_fields = ["unit__title", "package_id"]
    list_select_related = ["unit"]
    readonly_fields = ["unit", "package_id", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
