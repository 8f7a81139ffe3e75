from django import template

register = template.Library()


@register.filter
def answer_for(page, prompt):
    """``{% with answer=page|answer_for:prompt %}``: the student's answer to a
    prompt on the assignment page (``AssignmentPage.answer_for``)."""
    return page.answer_for(prompt)


@register.filter
def sourcing_fields(page, excerpt_pk):
    """``{% with fields=page|sourcing_fields:excerpt.pk %}``: the sourcing questions
    on one excerpt of a source-first lesson, filled as the form shows them."""
    return page.sourcing_fields(excerpt_pk)


@register.filter
def sourcing_note(page, excerpt_pk):
    """The student's saved sourcing answers on one excerpt, if any."""
    return page.sourcing_notes.get(excerpt_pk)
