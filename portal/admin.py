"""The school's settings in the admin: one page (the single row), its history of
changes, no delete. Saving goes through portal.school.school_settings_save, so
the cached copy every page reads is dropped at once."""

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from portal.models import SchoolSettings
from portal.school import STORED_FIELDS, school_settings_save


@admin.register(SchoolSettings)
class SchoolSettingsAdmin(SimpleHistoryAdmin):
    fields = list(STORED_FIELDS)
    readonly_fields = []

    def has_add_permission(self, request):
        return (
            super().has_add_permission(request) and not SchoolSettings.objects.exists()
        )

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        """The list of one: straight to the row (or to adding it the first time)."""
        if SchoolSettings.objects.exists():
            return HttpResponseRedirect(
                reverse(
                    "admin:portal_schoolsettings_change",
                    args=[SchoolSettings.SINGLETON_PK],
                )
            )
        return HttpResponseRedirect(reverse("admin:portal_schoolsettings_add"))

    def save_model(self, request, obj, form, change):
        saved = school_settings_save(
            values={name: getattr(obj, name) for name in STORED_FIELDS},
            by=request.user,
        )
        obj.pk = saved.pk
