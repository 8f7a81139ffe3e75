"""The school's settings in the admin: a list of one row (added once), its history
of changes, no delete. Saving goes through portal.school.school_settings_save, so
the cached copy every page reads is dropped at once."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from portal.models import SchoolSettings
from portal.school import STORED_FIELDS, school_settings_save, school_settings_stored


@admin.register(SchoolSettings)
class SchoolSettingsAdmin(SimpleHistoryAdmin):
    fields = list(STORED_FIELDS)
    readonly_fields = []

    def has_add_permission(self, request):
        # Every admin page's menu asks: answered from the cache, not a query.
        return super().has_add_permission(request) and not school_settings_stored()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        saved = school_settings_save(
            values={name: getattr(obj, name) for name in STORED_FIELDS},
            by=request.user,
        )
        obj.pk = saved.pk
