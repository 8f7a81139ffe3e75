from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lessons import services
from lessons.models import Lesson, LessonExcerpt, LessonSource, Prompt, Unit


class LessonInline(admin.TabularInline):
    model = Lesson
    fields = ["order", "title", "estimated_minutes"]
    extra = 0
    show_change_link = True
    ordering = ["order"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "owner",
        "status",
        "grade_band",
        "copied_from",
        "updated_at",
    ]
    list_filter = ["status", "grade_band", ("owner", admin.EmptyFieldListFilter)]
    search_fields = ["title", "essential_question", "overview", "owner__username"]
    autocomplete_fields = ["owner", "co_authors", "copied_from"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [LessonInline]
    actions = ["publish", "unpublish"]

    @admin.action(description=_("Publish the selected units"))
    def publish(self, request, queryset):
        for unit in queryset:
            services.unit_publish(unit=unit)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%d unit published.", "%d units published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish the selected units (back to draft)"))
    def unpublish(self, request, queryset):
        for unit in queryset:
            services.unit_unpublish(unit=unit)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%d unit unpublished.", "%d units unpublished.", count) % count,
            messages.SUCCESS,
        )


class LessonExcerptInline(admin.TabularInline):
    model = LessonExcerpt
    fields = ["order", "excerpt", "teacher_note"]
    autocomplete_fields = ["excerpt"]
    extra = 0
    ordering = ["order"]


class LessonSourceInline(admin.TabularInline):
    model = LessonSource
    fields = ["order", "source"]
    autocomplete_fields = ["source"]
    extra = 0
    ordering = ["order"]


class PromptInline(admin.StackedInline):
    model = Prompt
    fields = [("order", "skill", "min_citations"), "text", "lesson_excerpts"]
    filter_horizontal = ["lesson_excerpts"]
    extra = 0
    ordering = ["order"]


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "order", "estimated_minutes"]
    list_filter = ["unit__status"]
    list_select_related = ["unit"]
    search_fields = ["title", "objectives", "instructions", "unit__title"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [LessonExcerptInline, LessonSourceInline, PromptInline]


@admin.register(Prompt)
class PromptAdmin(admin.ModelAdmin):
    list_display = ["__str__", "skill", "min_citations", "lesson"]
    list_filter = ["skill", "lesson__unit"]
    list_select_related = ["lesson"]
    search_fields = ["text", "lesson__title", "lesson__unit__title"]
    autocomplete_fields = ["lesson"]
