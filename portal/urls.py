from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.decorators.cache import cache_page
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog

from assignments.views import home
from portal import metrics, views

admin.site.site_header = "Portal administration"
admin.site.site_title = "Portal administration"

urlpatterns = [
    path("", home.home, name="home"),
    path("teach/", home.teacher_home, name="teacher_home"),
    path("todo/", home.student_todo, name="student_todo"),
    path("healthz/", views.healthz, name="healthz"),
    path("metrics", metrics.metrics, name="metrics"),
    # The JavaScript catalogue (gettext() in our scripts), served by the portal
    # itself in the page's language; the same for everyone, so it may be cached.
    path(
        "jsi18n/",
        login_not_required(
            cache_page(60 * 60, key_prefix="jsi18n")(
                JavaScriptCatalog.as_view(packages=["portal"])
            )
        ),
        name="javascript_catalog",
    ),
    path("accounts/", include("accounts.urls")),
    path("auth/", include("accounts.auth_urls")),
    # The admin's own sign-in page would skip the second factor: send it to ours.
    path(
        "admin/login/",
        login_not_required(
            RedirectView.as_view(pattern_name="accounts:login", query_string=True)
        ),
        name="admin_sign_in",
    ),
    path("library/", include("sources.urls")),
    path("classes/", include("classrooms.urls")),
    path("classes/", include("privacy.urls")),
    path("units/", include("lessons.urls")),
    path("assignments/", include("assignments.urls")),
    path("jobs/", include("jobs.urls")),
    path("notifications/", include("notifications.urls")),
    path("admin/", admin.site.urls),
]
