"""Small helpers every app's views share, so each rule is written once."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from portal.limits import id_from


def first_message(error: ValidationError) -> str:
    """The sentence to show a person when a service refuses: a service raises one
    message per refusal, so the first is the one that says why."""
    return error.messages[0] if error.messages else _("That did not work.")


def form_add_errors(form, error: ValidationError) -> None:
    """Put a service's refusal on a form: next to the field it names when the form
    has that field, otherwise at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def id_or_404(value) -> int:
    """The id a URL parameter or posted field names (``portal.limits.id_from``),
    or 404 when it names none: a broken or hostile id is "no such thing", the same
    answer as an id that exists but is someone else's."""
    number = id_from(value)
    if number is None:
        raise Http404(_("No such item."))
    return number
