from django import forms
from django.utils.translation import gettext_lazy as _

from lessons.models import Lesson, LessonExcerpt, Prompt, Unit
from portal.forms import crispy_helper


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["title", "essential_question", "grade_band", "overview"]
        widgets = {
            "overview": forms.Textarea(attrs={"rows": 6}),
            "essential_question": forms.TextInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = crispy_helper()


class LessonForm(forms.ModelForm):
    class Meta:
        model = Lesson
        fields = [
            "title",
            "estimated_minutes",
            "objectives",
            "instructions",
            "source_first",
        ]
        widgets = {
            "objectives": forms.Textarea(attrs={"rows": 4}),
            "instructions": forms.Textarea(attrs={"rows": 4}),
            "estimated_minutes": forms.NumberInput(attrs={"min": 1, "max": 600}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = crispy_helper()


class PromptForm(forms.ModelForm):
    lesson_excerpts = forms.ModelMultipleChoiceField(
        label=_("Excerpts it refers to"),
        queryset=LessonExcerpt.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Optional. Students see these named under the prompt."),
    )

    class Meta:
        model = Prompt
        fields = ["text", "skill", "min_citations"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "min_citations": forms.NumberInput(attrs={"min": 0, "max": 10}),
        }

    def __init__(self, *args, lesson: Lesson, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = crispy_helper()
        choices = LessonExcerpt.objects.filter(lesson=lesson).select_related("excerpt")
        self.fields["lesson_excerpts"].queryset = choices.order_by("order")
        self.fields["lesson_excerpts"].label_from_instance = lambda item: (
            f"{item.order}. {item.excerpt.title}"
        )
        if self.instance.pk:
            self.initial.setdefault(
                "lesson_excerpts", list(self.instance.lesson_excerpts.all())
            )
        if not choices.exists():
            del self.fields["lesson_excerpts"]

    def clean_min_citations(self):
        value = self.cleaned_data["min_citations"]
        if value is not None and value > Prompt.MAX_CITATIONS:
            raise forms.ValidationError(
                _("Ask for at most %(max)s citations."),
                code="too_many",
                params={"max": Prompt.MAX_CITATIONS},
            )
        return value

    def save(self, commit=True):  # pragma: no cover - views call services
        raise NotImplementedError("use lessons.services")


class TeacherNoteForm(forms.ModelForm):
    class Meta:
        model = LessonExcerpt
        fields = ["teacher_note"]
        widgets = {"teacher_note": forms.Textarea(attrs={"rows": 2})}


class CoAuthorForm(forms.Form):
    username = forms.CharField(label=_("Teacher's username"), max_length=150)
