from portal.school import school


def portal(request):
    current = school()
    return {
        "PORTAL_NAME": current.name,
        "PORTAL_BASE_URL": current.base_url,
    }
