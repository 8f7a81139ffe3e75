from django import template

register = template.Library()


@register.filter
def answer_for(page, prompt):
    """``{% with answer=page|answer_for:prompt %}``: the student's answer to a
    prompt on the assignment page (``AssignmentPage.answer_for``)."""
    return page.answer_for(prompt)
