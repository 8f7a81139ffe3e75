"""How a higher app adds to a lower app's admin without the lower app importing it:
``admin_extend`` re-registers the model with the admin registered now plus a mixin
(its actions appended to the existing ones). Call it from the higher app's admin.py;
Django loads admin modules in INSTALLED_APPS order, lower apps first."""

from django.contrib import admin


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
