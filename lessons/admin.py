from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from lessons import services
from lessons.models import Lesson, LessonExcerpt, LessonSource, Prompt, Unit


class LessonInline(admin.TabularInline):
    model = Lesson
    fields = ["order", "title", "estimated_minutes"]
    extra = 0
    show_change_link = True
    ordering = ["order"]


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    # packages adds its export action and import page (packages/admin.py).
    list_display = [
        "title",
        "owner",
        "status",
        "grade_band",
        "copied_from",
        "updated_at",
    ]
    list_filter = ["status", "grade_band", ("owner", admin.EmptyFieldListFilter)]
    list_select_related = ["owner", "copied_from"]
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


def _limit_to_lesson(form_class, lesson) -> None:
    """A prompt may refer only to excerpts of its own lesson: offer just those, not
    every placement in the portal."""
    field = form_class.base_fields.get("lesson_excerpts")
    if field is not None:
        field.queryset = LessonExcerpt.objects.filter(
            lesson=lesson if lesson is not None and lesson.pk else None
        ).select_related("excerpt")


class PromptInline(admin.StackedInline):
    model = Prompt
    fields = [
        ("order", "kind", "skill", "min_citations"),
        "text",
        "grid_questions",
        "lesson_excerpts",
        ("essay_thesis_required", "essay_min_documents", "essay_min_sourced"),
    ]
    filter_horizontal = ["lesson_excerpts"]
    extra = 0
    ordering = ["order"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        _limit_to_lesson(formset.form, obj)
        return formset


@admin.register(Lesson)
class LessonAdmin(SimpleHistoryAdmin):
    list_display = ["title", "unit", "order", "estimated_minutes", "source_first"]
    list_filter = ["unit__status", "source_first", "unit"]
    list_select_related = ["unit"]
    search_fields = ["title", "objectives", "instructions", "unit__title"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [LessonExcerptInline, LessonSourceInline, PromptInline]


@admin.register(Prompt)
class PromptAdmin(SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "kind",
        "skill",
        "min_citations",
        "essay_rules",
        "lesson",
    ]
    list_filter = ["kind", "skill", "lesson__unit"]
    list_select_related = ["lesson"]
    search_fields = ["text", "lesson__title", "lesson__unit__title"]
    autocomplete_fields = ["lesson"]
    filter_horizontal = ["lesson_excerpts"]

    @admin.display(description=_("essay rules"))
    def essay_rules(self, prompt: Prompt) -> str:
        if prompt.kind != Prompt.Kind.ESSAY:
            return "—"
        return _("thesis %(thesis)s · use %(n)d · source %(k)d") % {
            "thesis": _("required") if prompt.essay_thesis_required else _("optional"),
            "n": prompt.essay_min_documents,
            "k": prompt.essay_min_sourced,
        }

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        _limit_to_lesson(form, obj.lesson if obj is not None else None)
        return form


@admin.register(LessonExcerpt)
class LessonExcerptAdmin(SimpleHistoryAdmin):
    """Excerpts placed in lessons; mostly edited inline on the lesson, listed here so
    their history (teacher notes, order) can be read and reverted."""

    list_display = ["excerpt", "lesson", "order"]
    list_filter = ["lesson__unit"]
    list_select_related = ["lesson", "excerpt"]
    search_fields = ["excerpt__title", "lesson__title", "teacher_note"]
    autocomplete_fields = ["lesson", "excerpt"]


@admin.register(LessonSource)
class LessonSourceAdmin(admin.ModelAdmin):
    list_display = ["source", "lesson", "order"]
    list_filter = ["lesson__unit"]
    list_select_related = ["lesson", "source"]
    search_fields = ["source__title", "lesson__title"]
    autocomplete_fields = ["lesson", "source"]
