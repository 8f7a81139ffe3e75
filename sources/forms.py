from django import forms
from django.conf import global_settings, settings
from django.utils.translation import gettext_lazy as _

from portal.forms import crispy_helper
from sources.models import Source, Theme, language_name, split_paragraphs
from sources.pictures import PictureWords, Rectangle
from sources.services import normalize_paragraphs


class SourceForm(forms.ModelForm):
    """A source's record, as a teacher fills it in."""

    class Meta:
        model = Source
        fields = [
            "title",
            "creator",
            "kind",
            "is_primary",
            "date",
            "date_precision",
            "date_note",
            "language",
            "perspective",
            "citation",
            "url",
            "archive",
            "archive_identifier",
            "rights",
            "headnote",
            "themes",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "citation": forms.Textarea(attrs={"rows": 2}),
            "headnote": forms.Textarea(attrs={"rows": 4}),
            "themes": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.order_by("name")
        self.helper = crispy_helper()

    def clean(self):
        data = super().clean()
        if data.get("date_precision") != Source.DatePrecision.DAY and not data.get(
            "date"
        ):
            self.add_error(
                "date",
                forms.ValidationError(
                    _(
                        "Give a date (any day in that month or year) or choose "
                        "“Exact day” with no date."
                    ),
                    code="precision_without_date",
                ),
            )
        return data


def parse_glossary(text: str) -> list[tuple[str, str]]:
    """Lines of "term: definition"; raises ValidationError naming bad lines."""
    entries, bad = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        term, sep, definition = line.partition(":")
        if not sep or not term.strip() or not definition.strip():
            bad.append(number)
            continue
        entries.append((term.strip(), definition.strip()))
    if bad:
        raise forms.ValidationError(
            _("Line %(lines)s: write each entry as “term: definition”."),
            params={"lines": ", ".join(map(str, bad))},
            code="glossary_format",
        )
    return entries


class ExcerptForm(forms.Form):
    """A passage: pasted text split into numbered paragraphs, an optional adapted
    wording, and glossary entries."""

    title = forms.CharField(label=_("Title of the passage"), max_length=300)
    text = forms.CharField(
        label=_("Text of the passage"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Paste the exact words from the source. Leave a blank line between "
            "paragraphs; each paragraph gets a number students can cite."
        ),
    )
    one_per_line = forms.BooleanField(
        label=_("Each line is a paragraph"),
        required=False,
        help_text=_(
            "Tick this if the pasted text has no blank lines between paragraphs."
        ),
    )
    adapted_text = forms.CharField(
        label=_("Adapted text (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Simpler wording for weaker readers, shown beside the original. One "
            "paragraph for each paragraph of the original, separated by blank lines."
        ),
    )
    glossary = forms.CharField(
        label=_("Glossary (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One entry per line: “term: plain definition”. Each term must appear "
            "in the text; it is marked where it first appears."
        ),
    )

    text_required = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = crispy_helper()

    def clean_glossary(self):
        return parse_glossary(self.cleaned_data.get("glossary", ""))

    def clean(self):
        data = super().clean()
        text = data.get("text")
        if text is None:
            return data
        data["text"] = normalize_paragraphs(
            text, one_per_line=bool(data.get("one_per_line"))
        )
        paragraphs = split_paragraphs(data["text"])
        if not paragraphs and not self.text_required:
            return data
        if not paragraphs:
            self.add_error(
                "text",
                forms.ValidationError(
                    _("Paste the text of the passage."), code="empty"
                ),
            )
            return data
        adapted = split_paragraphs(
            normalize_paragraphs(
                data.get("adapted_text", ""),
                one_per_line=bool(data.get("one_per_line")),
            )
        )
        data["adapted_text"] = "\n\n".join(adapted)
        if adapted and len(adapted) != len(paragraphs):
            self.add_error(
                "adapted_text",
                forms.ValidationError(
                    _(
                        "The adapted text has %(adapted)s paragraphs but the original "
                        "has %(original)s. Give one adapted paragraph for each."
                    ),
                    params={"adapted": len(adapted), "original": len(paragraphs)},
                    code="paragraph_count",
                ),
            )
        lowered = data["text"].lower()
        missing = [
            t for t, _d in data.get("glossary") or [] if t.lower() not in lowered
        ]
        if missing:
            self.add_error(
                "glossary",
                forms.ValidationError(
                    _("Not found in the text: %(terms)s."),
                    params={"terms": ", ".join(missing)},
                    code="term_not_in_text",
                ),
            )
        return data

    def preview_paragraphs(self) -> list[tuple[int, str, str]]:
        data = getattr(self, "cleaned_data", {}) or {}
        original = split_paragraphs(data.get("text", ""))
        adapted = split_paragraphs(data.get("adapted_text", ""))
        return [
            (n, text, adapted[n - 1] if n <= len(adapted) else "")
            for n, text in enumerate(original, start=1)
        ]

    @staticmethod
    def glossary_initial(excerpt) -> str:
        return "\n".join(f"{t.term}: {t.definition}" for t in excerpt.glossary.all())


class ImageExcerptForm(ExcerptForm):
    """An image excerpt's words: its title, the text alternative (required), a
    caption, and an optional transcription or long description, numbered and
    citable like a passage (with its adapted wording and glossary)."""

    text_required = False

    alt_text = forms.CharField(
        label=_("Text alternative"),
        # Room for " (page 12 of 30)" on the pages of a scan.
        max_length=360,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "What someone who cannot see the picture needs to know, in a sentence "
            "or two: what it shows. (Put the words printed on it in the "
            "transcription below.)"
        ),
    )
    caption = forms.CharField(
        label=_("Caption (optional)"),
        max_length=400,
        required=False,
        help_text=_("Shown under the picture: who or what, where, when."),
    )
    field_order = [
        "upload",
        "title",
        "alt_text",
        "caption",
        "text",
        "one_per_line",
        "adapted_text",
        "glossary",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].label = _("Title")
        text = self.fields["text"]
        text.required = False
        text.label = _("Transcription or long description (optional)")
        text.help_text = _(
            "The words on the poster, the text of the scanned letter, or a longer "
            "description of a detailed picture. Leave a blank line between "
            "paragraphs; students can cite each paragraph."
        )

    def words(self) -> PictureWords:
        data = self.cleaned_data
        return PictureWords(
            title=data["title"],
            alt_text=data["alt_text"],
            caption=data["caption"],
            transcription=data["text"],
            adapted_text=data["adapted_text"],
            glossary=data["glossary"],
        )


class ImageUploadForm(ImageExcerptForm):
    """A new image excerpt: the file (a picture, or a PDF of scanned pages, one
    excerpt per page) and its words."""

    upload = forms.FileField(
        label=_("Picture or scan"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": "image/jpeg,image/png,image/webp,image/tiff,application/pdf"
            }
        ),
        help_text=_(
            "A JPEG, PNG, WebP or TIFF picture, or a PDF of scanned pages (each "
            "page becomes its own excerpt), at most %(mb)s MB. Location and camera "
            "details are removed from the stored copy."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        upload = self.fields["upload"]
        upload.help_text = upload.help_text % {"mb": settings.PORTAL_IMAGE_MAX_MB}


class ImageDetailForm(ImageExcerptForm):
    """A detail of a picture saved as its own excerpt: the rectangle (in the
    picture's pixels; the page's script fills it in from a drawn rectangle, and
    anyone can type it) and the detail's own words. Whether the rectangle lies
    inside the picture is the service's rule (``image_detail_create``)."""

    left = forms.IntegerField(label=_("From the left (pixels)"), min_value=0)
    top = forms.IntegerField(label=_("From the top (pixels)"), min_value=0)
    width = forms.IntegerField(label=_("Width (pixels)"), min_value=1)
    height = forms.IntegerField(label=_("Height (pixels)"), min_value=1)
    field_order = ["left", "top", "width", "height", *ImageExcerptForm.field_order]

    def __init__(self, *args, image=None, **kwargs):
        super().__init__(*args, **kwargs)
        if image is not None:
            self.fields["width"].help_text = _(
                "The picture is %(width)s × %(height)s pixels."
            ) % {"width": image.width, "height": image.height}

    def rectangle(self) -> Rectangle:
        data = self.cleaned_data
        return Rectangle(
            left=data["left"],
            top=data["top"],
            width=data["width"],
            height=data["height"],
        )


def language_choices(*, leave_out: str = "") -> list[tuple[str, str]]:
    """Every language Django can name, by its name in the reader's language (a
    translation can be into any of them), without ``leave_out``."""
    named = [
        (code, language_name(code))
        for code, _name in global_settings.LANGUAGES
        if code != leave_out
    ]
    return sorted(named, key=lambda pair: pair[1].casefold())


class ExcerptTranslationForm(forms.Form):
    """A translation of a passage: its language and one translated paragraph for
    each original paragraph."""

    language = forms.ChoiceField(label=_("Language of the translation"))
    text = forms.CharField(
        label=_("Translated text"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "One paragraph for each paragraph of the original, in the same order, "
            "with a blank line between paragraphs."
        ),
    )

    def __init__(self, *args, excerpt, language: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = crispy_helper()
        if language:
            # Editing one translation: its language stays (delete it to change it).
            self.fields["language"].choices = [(language, language_name(language))]
            self.fields["language"].initial = language
            self.fields["language"].disabled = True
        else:
            self.fields["language"].choices = [
                ("", _("Choose a language")),
                *language_choices(leave_out=excerpt.language),
            ]
