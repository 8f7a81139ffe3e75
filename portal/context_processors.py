from django.conf import settings


def portal(request):
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "PORTAL_BASE_URL": settings.PORTAL_BASE_URL,
    }
