from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def dev_secret_key(app_configs, **kwargs):
    """`check --deploy` says so when the development secret key is in use."""
    if settings.PORTAL_USING_DEV_SECRET:
        return [
            Warning(
                "The development SECRET_KEY is in use.",
                hint="Set DJANGO_SECRET_KEY to a long random value.",
                id="portal.W001",
            )
        ]
    return []
