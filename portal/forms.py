from crispy_forms.helper import FormHelper


def crispy_helper() -> FormHelper:
    """Crispy lays out a form's fields; the template writes the <form> tag, the CSRF
    token and the buttons (so one page can hold several forms, and htmx can swap
    them)."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper
