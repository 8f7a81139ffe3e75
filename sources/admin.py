from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from sources.models import Excerpt, GlossaryTerm, Source, Theme


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class ExcerptInline(admin.StackedInline):
    model = Excerpt
    extra = 0
    fields = ["order", "title", "slug", "text", "adapted_text", "owner"]
    autocomplete_fields = ["owner"]
    show_change_link = True


class GlossaryTermInline(admin.TabularInline):
    model = GlossaryTerm
    extra = 1
    fields = ["term", "definition"]


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "is_primary", "date", "owner", "updated_at"]
    list_filter = [
        "is_primary",
        "kind",
        "themes",
        ("owner", admin.EmptyFieldListFilter),
    ]
    search_fields = ["title", "slug", "creator", "citation", "headnote"]
    date_hierarchy = "date"
    list_select_related = ["owner"]
    autocomplete_fields = ["owner"]
    filter_horizontal = ["themes"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ExcerptInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "creator", "kind", "is_primary", "owner"]}),
        (_("Date"), {"fields": ["date", "date_precision", "date_note"]}),
        (
            _("Where it is"),
            {
                "fields": [
                    "citation",
                    "url",
                    "archive",
                    "archive_identifier",
                    "rights",
                    "language",
                ]
            },
        ),
        (_("For teaching"), {"fields": ["headnote", "themes"]}),
        (_("History"), {"fields": ["created_at", "updated_at"]}),
    ]


@admin.register(Excerpt)
class ExcerptAdmin(SimpleHistoryAdmin):
    list_display = ["title", "source", "order", "owner", "updated_at"]
    list_filter = [("owner", admin.EmptyFieldListFilter), "source__kind"]
    search_fields = ["title", "slug", "text", "source__title"]
    autocomplete_fields = ["source", "owner"]
    readonly_fields = ["created_at", "updated_at"]
    list_select_related = ["source", "owner"]
    inlines = [GlossaryTermInline]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(SimpleHistoryAdmin):
    list_display = ["term", "excerpt"]
    list_filter = ["excerpt__source"]
    search_fields = ["term", "definition", "excerpt__title"]
    autocomplete_fields = ["excerpt"]
    list_select_related = ["excerpt"]
