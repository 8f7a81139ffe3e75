from django.contrib import admin

from classrooms.models import Classroom, Enrolment


class EnrolmentInline(admin.TabularInline):
    model = Enrolment
    autocomplete_fields = ["student"]
    extra = 0


@admin.register(Classroom)
class ClassroomAdmin(admin.ModelAdmin):
    list_display = ["name", "section", "school_year", "owner", "created_at"]
    search_fields = ["name", "section", "owner__username", "owner__last_name"]
    list_filter = ["school_year"]
    autocomplete_fields = ["owner"]
    readonly_fields = ["created_at"]
    inlines = [EnrolmentInline]
