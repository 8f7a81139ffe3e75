from django.contrib import admin

from assignments.models import (
    Assignment,
    Citation,
    Criterion,
    CriterionScore,
    Feedback,
    GridCell,
    Reply,
    Response,
    Rubric,
    SavedComment,
    SubmissionVersion,
)
from assignments.services.replies import reply_hide
from assignments.text import word_count


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = [
        "lesson",
        "classroom",
        "available_from",
        "due_at",
        "points",
        "closed_at",
    ]
    list_filter = ["discussion_visibility", "late_work_allowed", "due_at", "closed_at"]
    search_fields = ["lesson__title", "classroom__name", "classroom__section"]
    autocomplete_fields = ["lesson", "classroom", "created_by"]
    readonly_fields = ["created_at", "updated_at"]
    date_hierarchy = "due_at"


class CitationInline(admin.TabularInline):
    model = Citation
    extra = 0
    autocomplete_fields = ["excerpt"]
    readonly_fields = ["created_at"]


class GridCellInline(admin.TabularInline):
    """An evidence grid's cells, as the student last saved them."""

    model = GridCell
    extra = 0
    autocomplete_fields = ["excerpt"]
    fields = [
        "excerpt",
        "column",
        "paragraph",
        "quotation",
        "quotation_found",
        "stance",
        "note",
        "updated_at",
    ]
    readonly_fields = ["quotation_found", "updated_at"]


class SubmissionVersionInline(admin.TabularInline):
    """Submitted versions never change: shown, not edited."""

    model = SubmissionVersion
    extra = 0
    can_delete = False
    fields = ["number", "submitted_at", "is_late", "text", "citations", "essay"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = [
        "student",
        "assignment",
        "prompt",
        "status",
        "revision",
        "draft_saved_at",
        "first_submitted_at",
    ]
    list_filter = ["status", "assignment__classroom"]
    search_fields = [
        "student__username",
        "student__first_name",
        "student__last_name",
        "text",
    ]
    autocomplete_fields = ["assignment", "prompt", "student"]
    readonly_fields = [
        "words",
        "latest_version",
        "revision",
        "draft_saved_at",
        "first_submitted_at",
        "returned_at",
        "created_at",
        "updated_at",
    ]
    inlines = [CitationInline, GridCellInline, SubmissionVersionInline]

    def save_model(self, request, obj, form, change):
        # The draft's word count goes with its text (the review table reads it).
        obj.words = word_count(obj.text)
        super().save_model(request, obj, form, change)

    list_select_related = [
        "student",
        "assignment__lesson",
        "assignment__classroom",
        "prompt",
    ]


@admin.register(SubmissionVersion)
class SubmissionVersionAdmin(admin.ModelAdmin):
    list_display = ["response", "number", "submitted_at", "is_late"]
    list_filter = ["is_late", "submitted_at"]
    search_fields = ["response__student__username", "text"]
    list_select_related = ["response__student", "response__prompt"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = ["response", "excerpt", "paragraph", "created_at"]
    search_fields = ["quotation", "excerpt__title", "response__student__username"]
    autocomplete_fields = ["response", "excerpt"]
    readonly_fields = ["created_at"]
    list_select_related = ["response__student", "response__prompt", "excerpt"]


@admin.action(description="Hide the selected replies from students")
def hide_replies(modeladmin, request, queryset):
    for reply in queryset:
        reply_hide(reply=reply, by=request.user)


@admin.register(Reply)
class ReplyAdmin(admin.ModelAdmin):
    list_display = ["author", "response", "created_at", "edited_at", "hidden_at"]
    list_filter = ["hidden_at", "created_at"]
    search_fields = ["text", "author__username", "author__first_name"]
    autocomplete_fields = ["response", "author", "hidden_by"]
    readonly_fields = ["created_at", "edited_at", "hidden_at", "hidden_by"]
    actions = [hide_replies]
    list_select_related = ["author", "response__student"]


# --- teacher review ---------------------------------------------------------------


class CriterionScoreInline(admin.TabularInline):
    model = CriterionScore
    extra = 0
    autocomplete_fields = ["criterion"]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["response", "score", "max_points", "graded_by", "updated_at"]
    list_filter = ["updated_at", "response__assignment__classroom"]
    search_fields = [
        "comment",
        "response__student__username",
        "response__student__last_name",
    ]
    autocomplete_fields = ["response", "graded_by"]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [CriterionScoreInline]
    list_select_related = ["response__student", "response__prompt", "graded_by"]


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 1
    fields = ["order", "title", "skill", "points", "description", "level_descriptions"]


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "slug", "created_at"]
    search_fields = ["title", "owner__username", "owner__last_name"]
    autocomplete_fields = ["owner"]
    readonly_fields = ["created_at"]
    inlines = [CriterionInline]
    list_select_related = ["owner"]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["title", "rubric", "skill", "points"]
    list_filter = ["skill"]
    search_fields = ["title", "rubric__title"]
    autocomplete_fields = ["rubric"]
    list_select_related = ["rubric"]


@admin.register(SavedComment)
class SavedCommentAdmin(admin.ModelAdmin):
    list_display = ["text", "owner", "created_at"]
    search_fields = ["text", "owner__username"]
    autocomplete_fields = ["owner"]
    readonly_fields = ["created_at"]
    list_select_related = ["owner"]
