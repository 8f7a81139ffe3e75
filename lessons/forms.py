from django import forms
from django.utils.translation import gettext_lazy as _

from lessons.models import Lesson, LessonExcerpt, Prompt, Unit
from lessons.services import prompt_grid_problems
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
        fields = [
            "text",
            "kind",
            "skill",
            "min_citations",
            "grid_questions",
            "essay_thesis_required",
            "essay_min_documents",
            "essay_min_sourced",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "grid_questions": forms.Textarea(attrs={"rows": 3}),
            "min_citations": forms.NumberInput(attrs={"min": 0, "max": 10}),
            "essay_min_documents": forms.NumberInput(attrs={"min": 0, "max": 50}),
            "essay_min_sourced": forms.NumberInput(attrs={"min": 0, "max": 50}),
        }

    def __init__(self, *args, lesson: Lesson, **kwargs):
        super().__init__(*args, **kwargs)
        self.lesson = lesson
        self.helper = crispy_helper()
        # Prompt.clean checks the essay's rules against the lesson's documents.
        self.instance.lesson = lesson
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
        # A form from before the essay's rules (or a prompt of another kind) may
        # leave them out: they keep their defaults.
        for name in ("essay_min_documents", "essay_min_sourced", "kind"):
            self.fields[name].required = False

    def clean_kind(self):
        # A form without the Kind field keeps the prompt's kind (new: a written
        # answer).
        return self.cleaned_data.get("kind") or self.instance.kind

    def _rule_or_default(self, name):
        value = self.cleaned_data.get(name)
        if value is None:
            return getattr(self.instance, name)
        return value

    def clean_essay_min_documents(self):
        return self._rule_or_default("essay_min_documents")

    def clean_essay_min_sourced(self):
        return self._rule_or_default("essay_min_sourced")

    def clean_min_citations(self):
        value = self.cleaned_data["min_citations"]
        if value is not None and value > Prompt.MAX_CITATIONS:
            raise forms.ValidationError(
                _("Ask for at most %(max)s citations."),
                code="too_many",
                params={"max": Prompt.MAX_CITATIONS},
            )
        return value

    def clean(self):
        """An evidence grid's rule (lesson with two or more excerpts, one to six
        sub-questions) is the service's; its refusals go beside their fields."""
        data = super().clean()
        problems = prompt_grid_problems(
            lesson=self.lesson,
            kind=data.get("kind", ""),
            grid_questions=data.get("grid_questions", ""),
        )
        for field, message in problems.items():
            self.add_error(field, message)
        return data

    def save(self, commit=True):  # pragma: no cover - views call services
        raise NotImplementedError("use lessons.services")


class TeacherNoteForm(forms.ModelForm):
    class Meta:
        model = LessonExcerpt
        fields = ["teacher_note"]
        widgets = {"teacher_note": forms.Textarea(attrs={"rows": 2})}


class CoAuthorForm(forms.Form):
    username = forms.CharField(label=_("Teacher's username"), max_length=150)
