"""How a higher app adds to a lower app's admin without the lower app importing it:
``admin_extend`` re-registers the model with the admin registered now plus a mixin
(its actions appended to the existing ones). Call it from the higher app's admin.py;
Django loads admin modules in INSTALLED_APPS order, lower apps first."""

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteMixin
from django.core.exceptions import FieldDoesNotExist, ValidationError


def admin_extend(model, mixin: type, *, site: admin.AdminSite = admin.site) -> type:
    """Register ``model`` again with a subclass of its current ModelAdmin that mixes
    in ``mixin``; the mixin's ``actions`` come after the existing ones. Returns the
    new admin class."""
    current = type(site.get_model_admin(model))
    actions = [*(current.actions or []), *getattr(mixin, "actions", [])]
    extended = type(
        f"{mixin.__name__}{current.__name__}",
        (mixin, current),
        {"actions": actions, "__module__": mixin.__module__},
    )
    site.unregister(model)
    site.register(model, extended)
    return extended


def _checked_initial(model_admin, request) -> dict:
    """The admin's add page fills its form from the query string (``?due_at=…``),
    handing each value to the widget as typed: a date the widget cannot split or a
    non-numeric id answered 500. Each value is read by its model field here; one
    that does not read is left out, so the form starts empty there instead."""
    initial = _original_initial(model_admin, request)
    checked = {}
    for name, value in initial.items():
        try:
            field = model_admin.model._meta.get_field(name)
        except FieldDoesNotExist:
            checked[name] = value
            continue
        target = field.target_field if field.is_relation else field
        try:
            if isinstance(value, list):
                checked[name] = [target.to_python(v) for v in value]
            else:
                checked[name] = target.to_python(value)
        except (ValidationError, ValueError, TypeError, OverflowError):
            continue
    return checked


def _readable(field, values) -> list:
    """The values ``field`` can read; the others dropped."""
    kept = []
    for value in values:
        try:
            field.to_python(value)
        except (ValidationError, ValueError, TypeError, OverflowError):
            continue
        kept.append(value)
    return kept


def _checked_optgroups(self, name, value, attr=None):
    """An autocomplete box shown again after a refused form looks up what was
    sent; a value its field cannot read (``student=9999-12-31``) answered 500."""
    remote = self.field.remote_field
    target = remote.model._meta.get_field(
        getattr(remote, "field_name", None) or remote.model._meta.pk.name
    )
    return _original_optgroups(self, name, _readable(target, value or []), attr)


_original_initial = admin.ModelAdmin.get_changeform_initial_data
_original_optgroups = AutocompleteMixin.optgroups


def admin_initial_data_checked() -> None:
    """Every ModelAdmin (the portal's and the installed apps') reads its add page's
    query string through ``_checked_initial``, and every autocomplete box what was
    posted through ``_checked_optgroups``. Called once, from PortalConfig."""
    admin.ModelAdmin.get_changeform_initial_data = _checked_initial
    AutocompleteMixin.optgroups = _checked_optgroups
