from django import template
from django.utils.safestring import mark_safe

from assignments.answer_box import FormPage, answer_box_html
from assignments.review_rows import review_rows as review_rows_html
from assignments.text import question_label as _question_label

register = template.Library()


@register.filter
def answer_for(page, prompt):
    """``{% with answer=page|answer_for:prompt %}``: the student's answer to a
    prompt on the assignment page (``AssignmentPage.answer_for``)."""
    return page.answer_for(prompt)


@register.filter
def question_label(prompt_text: str) -> str:
    """``{{ prompt.text|question_label }}``: the question's first words as plain
    text (assignments.text.question_label), where its number alone would not say
    which it is: the page's question list and the Cite controls."""
    return _question_label(prompt_text)


@register.filter
def sourcing_fields(page, excerpt_pk):
    """``{% with fields=page|sourcing_fields:excerpt.pk %}``: the sourcing questions
    on one excerpt of a source-first lesson, filled as the form shows them."""
    return page.sourcing_fields(excerpt_pk)


@register.filter
def sourcing_note(page, excerpt_pk):
    """The student's saved sourcing answers on one excerpt, if any."""
    return page.sourcing_notes.get(excerpt_pk)


@register.simple_tag(takes_context=True)
def answer_form(context):
    """``{% answer_form %}``: the answer form of ``prompt`` (not an evidence grid)
    on the assignment page, written by ``assignments.answer_box``."""
    answer = context["page"].answer_for(context["prompt"])

    def include(name: str) -> str:
        # As {% include %} inside {% localize off %}, with the form's answer.
        template = context.template.engine.get_template(name)
        localized, context.use_l10n = context.use_l10n, False
        try:
            with context.push(answer=answer, response=answer.response):
                return template.render(context)
        finally:
            context.use_l10n = localized

    return mark_safe(  # noqa: S308 - every value escaped by answer_box
        answer_box_html(
            answer,
            FormPage(
                assignment=context["assignment"],
                student_pk=context["user"].pk,
                submit_key=context.get("submit_key"),
                csrf_token=context.get("csrf_token"),
                max_chars=context["max_answer_chars"],
                excerpts=context.get("excerpts") or (),
                pictures=bool(context.get("pictures")),
            ),
            include,
        )
    )


@register.simple_tag
def review_rows(table, assignment):
    """The review table's rows (``assignments.review_rows``, where their markup is).

    Usage: ``{% review_rows table assignment %}``."""
    return review_rows_html(table, assignment)
