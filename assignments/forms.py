from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from assignments.models import (
    MAX_ANSWER_CHARS,
    MAX_QUOTATION_CHARS,
    MAX_REPLY_CHARS,
    Assignment,
)
from assignments.text import clean_text
from classrooms.selectors import classrooms_for_teacher
from lessons.models import Lesson
from lessons.permissions import units_visible_to

DATETIME_WIDGET = forms.DateTimeInput(
    attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
)


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class LessonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.unit.title} · {obj.order}. {obj.title}"


class AssignmentSettingsForm(forms.ModelForm):
    """Dates and rules of an assignment (also when changing them later)."""

    class Meta:
        model = Assignment
        fields = [
            "available_from",
            "due_at",
            "late_work_allowed",
            "points",
            "discussion_visibility",
            "instructions",
        ]
        widgets = {
            "available_from": DATETIME_WIDGET,
            "due_at": DATETIME_WIDGET,
            "discussion_visibility": forms.RadioSelect,
            "instructions": forms.Textarea(attrs={"rows": 4}),
            "points": forms.NumberInput(attrs={"min": 0, "max": 1000}),
        }
        help_texts = {
            "available_from": _("Students see it from this moment (school time)."),
            "due_at": _("In the school's time zone."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

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
        fields = ["lesson", "classrooms", *AssignmentSettingsForm.Meta.fields]

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


class AnswerTextField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        return clean_text(value, max_chars=MAX_ANSWER_CHARS)


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Your reply"),
        widget=forms.Textarea(attrs={"rows": 3}),
        strip=True,
    )

    def clean_text(self):
        text = clean_text(self.cleaned_data["text"], max_chars=MAX_REPLY_CHARS)
        if not text.strip():
            raise ValidationError(_("Write your reply first."), code="empty")
        return text
