"""Unit packages in the admin: an "Export as package" action and an "Import a unit
package" page on the unit list. packages adds them to the unit admin (lessons) with
``portal.admin_hooks.admin_extend``, so lessons never imports packages."""

import io
import uuid
import zipfile

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs.services import job_start
from lessons.models import Unit
from packages.forms import PackageImportForm
from packages.jobs import unit_package_import_job
from packages.models import UnitPackageIdentity
from packages.services import package_filename, unit_package_export
from portal.admin_hooks import admin_extend


@admin.action(description=gettext_lazy("Export as package (.unit.zip)"))
def export_as_package(modeladmin, request, queryset):
    """One unit: its package. Several: a zip holding one package per unit."""
    units = list(queryset.order_by("title", "pk"))
    if len(units) == 1:
        unit = units[0]
        response = HttpResponse(
            unit_package_export(unit=unit), content_type="application/zip"
        )
        filename = package_filename(unit)
    else:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as bundle:
            for unit in units:
                bundle.writestr(
                    f"{unit.pk}-{package_filename(unit)}",
                    unit_package_export(unit=unit),
                )
        response = HttpResponse(buffer.getvalue(), content_type="application/zip")
        filename = "unit-packages.zip"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


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
