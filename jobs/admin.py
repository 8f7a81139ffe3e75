"""Jobs in the admin, read-only: what ran, how often, and the last traceback."""

from django.contrib import admin

from jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "attempts", "progress", "owner", "created_at"]
    list_filter = ["status"]
    search_fields = ["title", "handler", "key"]
    list_select_related = ["owner"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
