from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import QueryDict
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assignments.models import (
    MAX_POINTS,
    MAX_QUOTATION_CHARS,
    MAX_REPLY_CHARS,
    Assignment,
    Criterion,
    Rubric,
)
from assignments.schedule import time_zone_named
from assignments.selectors.review import GradedAnswer, GradingPage
from assignments.selectors.student import AnswerFormState
from assignments.services.feedback import FeedbackInput
from assignments.text import clean_text
from classrooms.selectors import classrooms_for_teacher
from lessons.models import Lesson, Prompt
from lessons.permissions import units_visible_to
from portal.forms import crispy_helper

# The browser's picker keeps to the bounds the model checks (portal.limits).
DATETIME_WIDGET = forms.DateTimeInput(
    attrs={
        "type": "datetime-local",
        "min": "2000-01-01T00:00",
        "max": "2099-12-31T00:00",
    },
    format="%Y-%m-%dT%H:%M",
)


class LessonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.unit.is_published:
            return f"{obj.unit.title} · {obj.order}. {obj.title}"
        return _("%(unit)s (draft) · %(order)s. %(lesson)s") % {
            "unit": obj.unit.title,
            "order": obj.order,
            "lesson": obj.title,
        }


class AssignmentSettingsForm(forms.ModelForm):
    """Dates and rules of an assignment (also when changing them later)."""

    class Meta:
        model = Assignment
        # Points are set on creation (split evenly), then question by question on
        # their own page (AssignmentPointsForm), where scores given can follow.
        fields = [
            "available_from",
            "due_at",
            "late_work_allowed",
            "discussion_visibility",
            "discussion_in_groups",
            "instructions",
        ]
        widgets = {
            "available_from": DATETIME_WIDGET,
            "due_at": DATETIME_WIDGET,
            "discussion_visibility": forms.RadioSelect,
            "instructions": forms.Textarea(attrs={"rows": 4}),
            "points": forms.NumberInput(attrs={"min": 0, "max": 1000}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = crispy_helper()
        zone = time_zone_named()
        self.fields["available_from"].help_text = _(
            "Students see it from this moment. School time: %(zone)s."
        ) % {"zone": zone}
        self.fields["due_at"].help_text = _("School time: %(zone)s.") % {"zone": zone}

    def clean(self):
        data = super().clean()
        start, due = data.get("available_from"), data.get("due_at")
        if start and due and due <= start:
            self.add_error(
                "due_at",
                ValidationError(
                    _("The due time must come after the time it becomes available."),
                    code="due_before_available",
                ),
            )
        return data

    def _post_clean(self):
        # The pair (lesson, class) is chosen on creation; validate only our fields.
        pass


class AssignmentCreateForm(AssignmentSettingsForm):
    lesson = LessonChoiceField(label=_("Lesson"), queryset=Lesson.objects.none())
    classrooms = forms.ModelMultipleChoiceField(
        label=_("Classes"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each class gets its own copy, with these dates."),
    )

    class Meta(AssignmentSettingsForm.Meta):
        fields = ["lesson", "classrooms", "points", *AssignmentSettingsForm.Meta.fields]
        help_texts = {
            "points": _(
                "Split evenly over the questions; change it per question later."
            )
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lesson"].queryset = (
            Lesson.objects.filter(unit__in=units_visible_to(user))
            .select_related("unit")
            .order_by("unit__title", "unit__pk", "order")
        )
        self.fields["classrooms"].queryset = classrooms_for_teacher(user=user)
        self.order_fields(["lesson", "classrooms"])

    def clean(self):
        data = super().clean()
        lesson, classes = data.get("lesson"), data.get("classrooms")
        if lesson and classes:
            already = [
                c for c in classes if c.assignments.filter(lesson=lesson).exists()
            ]
            if already:
                self.add_error(
                    "classrooms",
                    ValidationError(
                        _("This lesson is already assigned to %(classes)s.")
                        % {"classes": ", ".join(str(c) for c in already)},
                        code="already_assigned",
                    ),
                )
        return data


class AssignmentPointsForm(forms.Form):
    """What each question is worth, and (when some answers are scored) whether the
    scores given follow the change."""

    RESCALE = "rescale"
    KEEP = "keep"

    def __init__(self, *args, prompts, points: dict[int, int], scored: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.prompts = prompts
        for prompt in prompts:
            self.fields[f"points_{prompt.pk}"] = forms.IntegerField(
                label=_("Question %(n)s") % {"n": prompt.order},
                # Help text is shown as HTML (crispy marks it safe): the
                # teacher's words go in escaped, never as markup.
                help_text=escape(prompt.text[:90]),
                min_value=0,
                max_value=MAX_POINTS,
                initial=points[prompt.pk],
                widget=forms.NumberInput(attrs={"class": "points-input"}),
            )
        if scored:
            self.fields["scores"] = forms.ChoiceField(
                label=_("The %(n)s scores already given") % {"n": scored},
                choices=[
                    (self.RESCALE, _("Rescale them (3 of 4 becomes 4.5 of 6)")),
                    (
                        self.KEEP,
                        _(
                            "Keep them (a score above its new points is lowered to them)"
                        ),
                    ),
                ],
                initial=self.RESCALE,
                widget=forms.RadioSelect,
            )
        self.helper = crispy_helper()

    def points(self) -> dict[int, int]:
        return {p.pk: self.cleaned_data[f"points_{p.pk}"] for p in self.prompts}

    def rescale(self) -> bool:
        return self.cleaned_data.get("scores", self.RESCALE) == self.RESCALE


class CitationByHandForm(forms.Form):
    """Without JavaScript: choose the excerpt and paragraph, paste the words."""

    excerpt = forms.TypedChoiceField(label=_("Excerpt"), coerce=int)
    paragraph = forms.IntegerField(label=_("Paragraph number"), min_value=1)
    quotation = forms.CharField(
        label=_("Words you quote"), max_length=MAX_QUOTATION_CHARS * 2
    )

    def __init__(self, *args, excerpts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["excerpt"].choices = [(e.pk, e.title) for e in excerpts]


REGION_TYPED_FIELDS = (
    "region_excerpt",
    "region_left",
    "region_top",
    "region_width",
    "region_height",
    "region_description",
)


def answer_form_state(data, prompt, *, cite: bool, region: bool) -> AnswerFormState:
    """What the answer form sent besides its text, to show again on a refusal: the
    quotation typed by hand, and what "Cite a region by numbers" was given."""
    return AnswerFormState(
        prompt_pk=prompt.pk,
        cite=cite,
        cite_excerpt=data.get("excerpt", ""),
        cite_paragraph=data.get("paragraph", ""),
        cite_quotation=data.get("quotation", ""),
        region=region,
        **{name: str(data.get(name, ""))[:400] for name in REGION_TYPED_FIELDS},
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Your reply"),
        widget=forms.Textarea(attrs={"rows": 3}),
        strip=True,
        error_messages={"required": _("Write your reply first.")},
    )

    def clean_text(self):
        text = clean_text(self.cleaned_data["text"], max_chars=MAX_REPLY_CHARS)
        if not text.strip():
            raise ValidationError(_("Write your reply first."), code="empty")
        return text


# --- teacher review ---------------------------------------------------------------


def _score_field(answer: GradedAnswer) -> forms.DecimalField:
    feedback = answer.feedback
    return forms.DecimalField(
        label=_("Score for question %(n)s (out of %(points)s)")
        % {"n": answer.prompt.order, "points": answer.max_points},
        required=False,
        min_value=0,
        max_value=answer.max_points,
        max_digits=5,
        decimal_places=1,
        initial=feedback.score if feedback else None,
        widget=forms.NumberInput(
            attrs={"step": "0.5", "min": 0, "max": answer.max_points}
        ),
        error_messages={
            "max_value": _("The most this answer can score is %(limit_value)s."),
            "min_value": _("A score cannot be below 0."),
        },
    )


def _level_field(criterion: Criterion, answer: GradedAnswer) -> forms.Field:
    return forms.TypedChoiceField(
        label=criterion.title,
        # A level's description, when the rubric has one, is in its option.
        choices=[("", "—")]
        + [
            (level, f"{level} — {text}" if text else str(level))
            for level, text in criterion.described_levels
        ],
        coerce=int,
        empty_value=None,
        required=False,
        initial=answer.criterion_scores.get(criterion.pk),
    )


class GradingForm(forms.Form):
    """Scores, comments and rubric levels for one student's answers, one set of
    fields per answer that exists. Each answer carries the version of its feedback
    the page was opened with (optimistic concurrency)."""

    def __init__(self, *args, page: GradingPage, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        bank = [("", _("Choose a saved comment"))] + [
            (str(c.pk), c.text[:90]) for c in page.saved_comments
        ]
        for answer in page.answers:
            if answer.response is None:
                continue
            p = answer.prompt.pk
            n = answer.prompt.order
            feedback = answer.feedback
            self.fields[f"score_{p}"] = _score_field(answer)
            self.fields[f"comment_{p}"] = forms.CharField(
                label=_("Comment on question %(n)s") % {"n": n},
                required=False,
                initial=feedback.comment if feedback else "",
                widget=forms.Textarea(attrs={"rows": 4, "data-comment": p}),
                help_text=_("Markdown: **bold**, *italic*, lists."),
            )
            self.fields[f"version_{p}"] = forms.IntegerField(
                min_value=0, initial=answer.version, widget=forms.HiddenInput
            )
            self.fields[f"bank_{p}"] = forms.ChoiceField(
                label=_("Saved comments for question %(n)s") % {"n": n},
                choices=bank,
                required=False,
            )
            for criterion in page.criteria:
                self.fields[f"crit_{p}_{criterion.pk}"] = _level_field(
                    criterion, answer
                )

    def rows(self) -> list["GradingRow"]:
        """Each answer with its bound fields (none for a prompt not answered)."""
        rows = []
        for answer in self.page.answers:
            p = answer.prompt.pk
            if f"score_{p}" not in self.fields:
                rows.append(GradingRow(answer=answer))
                continue
            rows.append(
                GradingRow(
                    answer=answer,
                    score=self[f"score_{p}"],
                    comment=self[f"comment_{p}"],
                    version=self[f"version_{p}"],
                    bank=self[f"bank_{p}"],
                    criteria=[
                        (c, self[f"crit_{p}_{c.pk}"]) for c in self.page.criteria
                    ],
                )
            )
        return rows

    def feedback_items(self) -> list[FeedbackInput]:
        data = self.cleaned_data
        items = []
        for answer in self.page.answers:
            p = answer.prompt.pk
            if answer.response is None:
                continue
            items.append(
                FeedbackInput(
                    response=answer.response,
                    score=data.get(f"score_{p}"),
                    comment=data.get(f"comment_{p}") or "",
                    version=data.get(f"version_{p}") or 0,
                    criterion_scores={
                        c.pk: data[f"crit_{p}_{c.pk}"]
                        for c in self.page.criteria
                        if data.get(f"crit_{p}_{c.pk}") is not None
                    },
                )
            )
        return items


@dataclass
class GradingRow:
    """One answer on the grading page with its form's fields, for the template."""

    answer: GradedAnswer
    score: forms.BoundField | None = None
    comment: forms.BoundField | None = None
    version: forms.BoundField | None = None
    bank: forms.BoundField | None = None
    criteria: list[tuple[Criterion, forms.BoundField]] | None = None


def data_with_saved_comment(
    data: QueryDict, *, page: GradingPage, prompt_pk: int
) -> QueryDict | None:
    """Without JavaScript, "Use" puts the saved comment chosen for a question at the
    end of its comment box: the form's data with it in, or None when no comment of
    the teacher's bank was chosen."""
    chosen = next(
        (c for c in page.saved_comments if str(c.pk) == data.get(f"bank_{prompt_pk}")),
        None,
    )
    if chosen is None:
        return None
    data = data.copy()
    current = data.get(f"comment_{prompt_pk}", "").rstrip()
    data[f"comment_{prompt_pk}"] = (
        f"{current}\n\n{chosen.text}" if current else chosen.text
    )
    return data


class RubricForm(forms.Form):
    title = forms.CharField(label=_("Rubric title"), max_length=200)


class CriterionForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Criterion"), max_length=200, required=False)
    skill = forms.ChoiceField(label=_("Skill"), choices=[])
    points = forms.IntegerField(
        label=_("Points"), min_value=1, max_value=10, initial=3, required=False
    )
    description = forms.CharField(
        label=_("What full marks look like"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].choices = Prompt.Skill.choices
        self.fields["skill"].initial = Prompt.Skill.CLAIM_EVIDENCE

    def clean(self):
        data = super().clean()
        if data.get("title") and not data.get("points"):
            self.add_error("points", _("Give the criterion its points (1 to 10)."))
        return data


CriterionFormSet = forms.formset_factory(CriterionForm, extra=4, max_num=10)


class AssignmentRubricForm(forms.Form):
    rubric = forms.ModelChoiceField(
        label=_("Rubric"),
        queryset=None,
        required=False,
        empty_label=_("No rubric"),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The teacher's own rubrics and the ones shipped with the portal.
        self.fields["rubric"].queryset = Rubric.objects.filter(
            Q(owner=user) | Q(owner__isnull=True)
        ).order_by("title", "pk")
        # A shipped rubric's title is in the catalogue: named in the reader's language.
        self.fields["rubric"].label_from_instance = lambda r: (
            gettext(r.title) if r.owner_id is None else r.title
        )


class PersonalDueDateForm(forms.Form):
    """One student's own due date on one of the class's assignments."""

    assignment = forms.TypedChoiceField(label=_("Assignment"), coerce=int)
    due_at = forms.DateTimeField(label=_("Their own due date"), widget=DATETIME_WIDGET)

    def __init__(self, *args, assignments, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = crispy_helper()
        self.fields["assignment"].choices = [
            (a.pk, a.lesson.title) for a in assignments
        ]
        self.fields["due_at"].help_text = _("School time: %(zone)s.") % {
            "zone": time_zone_named()
        }
