from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from sources.models import (
    Excerpt,
    ExcerptImage,
    ExcerptTranslation,
    GlossaryTerm,
    Source,
    Theme,
)


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class ExcerptInline(admin.StackedInline):
    model = Excerpt
    extra = 0
    fields = [
        "order",
        "kind",
        "title",
        "slug",
        "language",
        "text",
        "adapted_text",
        "owner",
    ]
    readonly_fields = ["kind"]
    autocomplete_fields = ["owner"]
    show_change_link = True


class ExcerptTranslationInline(admin.StackedInline):
    """The excerpt in other languages, one translated paragraph for each original
    paragraph (the same rule as the teacher's page)."""

    model = ExcerptTranslation
    extra = 0
    fields = ["language", "text"]


class GlossaryTermInline(admin.TabularInline):
    model = GlossaryTerm
    extra = 1
    fields = ["term", "definition"]


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "kind",
        "is_primary",
        "perspective",
        "date",
        "owner",
        "updated_at",
    ]
    list_filter = [
        "is_primary",
        "kind",
        "perspective",
        "themes",
        ("owner", admin.EmptyFieldListFilter),
    ]
    search_fields = ["title", "slug", "creator", "citation", "headnote"]
    date_hierarchy = "date"
    list_select_related = ["owner"]
    autocomplete_fields = ["owner"]
    filter_horizontal = ["themes"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created_at", "updated_at", "picture_upload"]
    inlines = [ExcerptInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "creator",
                    "kind",
                    "is_primary",
                    "perspective",
                    "owner",
                ]
            },
        ),
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
        (_("Pictures and scans"), {"fields": ["picture_upload"]}),
        (_("History"), {"fields": ["created_at", "updated_at"]}),
    ]

    @admin.display(description=_("Add a picture or scan"))
    def picture_upload(self, obj):
        # Uploads are checked and re-encoded by one page (sources.pictures); the
        # admin links to it rather than taking files itself.
        if obj is None or obj.pk is None:
            return _("Save the source first.")
        url = reverse("sources:image_create", kwargs={"slug": obj.slug})
        return format_html('<a href="{}">{}</a>', url, _("Upload a picture or scan"))


class ExcerptImageInline(admin.StackedInline):
    """The picture of an image excerpt: its words are edited here; the file is
    the one uploaded (checked and without metadata), never replaced here."""

    model = ExcerptImage
    fk_name = "excerpt"
    extra = 0
    max_num = 0
    can_delete = False
    fields = [
        "preview",
        "alt_text",
        "caption",
        ("width", "height", "content_type", "uploaded_format", "page"),
        ("detail_of", "detail_box"),
    ]
    readonly_fields = [
        "preview",
        "detail_of",
        "detail_box",
        "width",
        "height",
        "content_type",
        "uploaded_format",
        "page",
    ]

    @admin.display(description=_("Picture"))
    def preview(self, obj):
        if obj is None or obj.pk is None:
            return ""
        return format_html(
            '<a href="{}"><img src="{}" alt="{}" width="160"></a>',
            obj.original_url,
            obj.thumbnail_url,
            obj.alt_text,
        )


@admin.register(Excerpt)
class ExcerptAdmin(SimpleHistoryAdmin):
    list_display = ["title", "source", "kind", "order", "owner", "updated_at"]
    list_filter = [("owner", admin.EmptyFieldListFilter), "kind", "source__kind"]
    search_fields = ["title", "slug", "text", "source__title"]
    autocomplete_fields = ["source", "owner"]
    readonly_fields = ["kind", "created_at", "updated_at"]
    list_select_related = ["source", "owner"]
    inlines = [ExcerptImageInline, ExcerptTranslationInline, GlossaryTermInline]


@admin.register(ExcerptTranslation)
class ExcerptTranslationAdmin(SimpleHistoryAdmin):
    list_display = ["excerpt", "language", "updated_at"]
    list_filter = ["language"]
    search_fields = ["text", "excerpt__title"]
    autocomplete_fields = ["excerpt"]
    list_select_related = ["excerpt"]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(SimpleHistoryAdmin):
    list_display = ["term", "excerpt"]
    list_filter = ["excerpt__source"]
    search_fields = ["term", "definition", "excerpt__title"]
    autocomplete_fields = ["excerpt"]
    list_select_related = ["excerpt"]


@admin.register(ExcerptImage)
class ExcerptImageAdmin(SimpleHistoryAdmin):
    """A picture's words, with their history (who changed the text alternative or
    caption, and reverting it). Pictures are added on the source's page, where
    they are checked; the file itself is never replaced here."""

    list_display = ["alt_text", "excerpt", "width", "height", "detail_of"]
    search_fields = ["alt_text", "caption", "excerpt__title"]
    list_select_related = ["excerpt", "detail_of"]
    fields = ["excerpt", "alt_text", "caption", "detail_of", "detail_box"]
    readonly_fields = ["excerpt", "detail_of", "detail_box"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # with its excerpt, which removes the files too
