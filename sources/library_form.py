"""The library's search box and filters (a GET form), and the markup of its
filters, written here rather than in sources/source_list.html."""

from dataclasses import dataclass
from html import escape

from django import forms
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.cache import Remembered
from sources.models import Source, Theme
from sources.selectors import LibraryFilters


@dataclass(frozen=True)
class FilterOption:
    value: str
    label: str
    selected: bool


@dataclass(frozen=True)
class FilterField:
    """A filter as the library lays it out: a select with its ``options``, or a
    year box (no options)."""

    field: forms.BoundField
    options: list[FilterOption]

    @property
    def options_html(self) -> str:
        """The <option>s, escaped (a template loop over them cost 2,600 calls)."""
        return "".join(
            f'<option value="{escape(option.value)}"'
            f"{' selected' if option.selected else ''}>"
            f"{escape(option.label)}</option>"
            for option in self.options
        )

    @property
    def html(self) -> str:
        """The filter's label, its select or year box, and its errors, each value
        escaped (the page's template looping over the five filters cost some 1,300
        Python calls a search, 8 % of the page's)."""
        bound = self.field
        name, at = escape(bound.html_name), escape(bound.id_for_label)
        errors = bound.errors
        if self.options:
            control = (
                f'<select name="{name}" id="{at}" class="form-select">'
                f"{self.options_html}</select>"
            )
        else:
            value = bound.value()
            invalid = (
                f' aria-invalid="true" aria-describedby="{at}-error"' if errors else ""
            )
            control = (
                f'<input type="number" name="{name}" id="{at}" class="form-control'
                f'{" is-invalid" if errors else ""}"'
                f' value="{escape("" if value is None else str(value))}"'
                f' min="1" max="9999" inputmode="numeric"{invalid}>'
            )
        said = "".join(
            f'<div class="invalid-feedback d-block" id="{at}-error">{escape(error)}</div>'
            for error in errors
        )
        return (
            f'<div class="mb-3"><label class="form-label" for="{at}">'
            f"{escape(str(bound.label))}</label>{control}{said}</div>"
        )


# The fixed choices' words (kinds, primary or secondary), per language and field:
# each label is a lazy translation, some 20 Python calls to read, 25 a search.
_fixed_choices = Remembered(most=64)


def _choices(name: str, field: forms.Field) -> list:
    """A select's (value, label) pairs. A model's rows in one plain read: the
    field's own ``choices`` iterate the queryset through a server-side cursor on
    PostgreSQL (declare, fetch, fetch, close: four round trips for nine themes).
    Fixed choices are read once per language."""
    if not isinstance(field, forms.ModelChoiceField):
        return _fixed_choices.get_or_make(
            (get_language(), name),
            lambda: [(str(value), str(label)) for value, label in field.choices],
        )
    # The one model choice is the theme, by slug, labelled by its name (as
    # Theme.__str__): read as values, not as nine model objects.
    rows = list(field.queryset.values_list(field.to_field_name, "name"))
    return [("", field.empty_label), *rows] if field.empty_label is not None else rows


class LibraryFilterForm(forms.Form):
    """The search box and filters over the library (a GET form)."""

    PRIMARY_CHOICES = [
        ("", _("Both")),
        ("primary", _("Primary sources")),
        ("secondary", _("Secondary sources")),
    ]

    FILTER_FIELDS = ("theme", "kind", "primary", "year_from", "year_to")

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All themes"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("All kinds")), *Source.Kind.choices],
        required=False,
    )
    primary = forms.ChoiceField(
        label=_("Primary or secondary"), choices=PRIMARY_CHOICES, required=False
    )
    year_from = forms.IntegerField(
        label=_("From year"), required=False, min_value=1, max_value=9999
    )
    year_to = forms.IntegerField(
        label=_("To year"), required=False, min_value=1, max_value=9999
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(
            {"type": "search", "placeholder": _("Words, names, places…")}
        )
        for name in ("year_from", "year_to"):
            self.fields[name].widget.attrs.update(
                {"inputmode": "numeric", "placeholder": _("e.g. 1941")}
            )

    def clean(self):
        data = super().clean()
        start, end = data.get("year_from"), data.get("year_to")
        if start and end and start > end:
            self.add_error(
                "year_to",
                forms.ValidationError(
                    _("The end year comes before the start year."), code="order"
                ),
            )
        return data

    @property
    def is_filtered(self) -> bool:
        return self.is_bound and any(
            self.data.get(k)
            for k in ("q", "theme", "kind", "primary", "year_from", "year_to")
        )

    @property
    def filters_open(self) -> bool:
        """Filters start folded (a phone sees results sooner) unless one is in use
        or has an error."""
        return self.is_bound and bool(
            any(self.data.get(k) for k in self.FILTER_FIELDS) or self.errors
        )

    def filter_fields(self) -> list[FilterField]:
        """The filters in order, each select's options worked out here once (a
        template loop over the widget's options was most of the page's form)."""
        laid_out = []
        for name in self.FILTER_FIELDS:
            bound = self[name]
            options = []
            if name not in ("year_from", "year_to"):
                chosen = "" if bound.value() is None else str(bound.value())
                options = [
                    FilterOption(str(value), str(label), str(value) == chosen)
                    for value, label in _choices(name, bound.field)
                ]
            laid_out.append(FilterField(bound, options))
        return laid_out

    def filters_html(self) -> SafeString:
        """Every filter's markup (FilterField.html), for the library's sidebar."""
        return mark_safe("".join(f.html for f in self.filter_fields()))  # noqa: S308 - every value escaped

    def filters(self) -> LibraryFilters | None:
        """What the library shows: everything when nothing was asked, nothing when
        the filters have an error (the page shows the error instead)."""
        if not self.is_bound:
            return LibraryFilters()
        if not self.is_valid():
            return None
        data = self.cleaned_data
        return LibraryFilters(
            query=data["q"],
            theme=data["theme"],
            kind=data["kind"],
            primary={"primary": True, "secondary": False}.get(data["primary"]),
            year_from=data["year_from"],
            year_to=data["year_to"],
        )
