from django.conf import settings
from django.urls import path

from accounts import sso_views, views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("link/", sso_views.sso_link, name="sso_link"),
    path("language/", views.language_set, name="language"),
    path("time-zone/", views.time_zone, name="time_zone"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]

# Teacher self-sign-up exists only when the school switches it on; otherwise the
# address answers 404 like any unknown page.
if settings.PORTAL_TEACHER_SIGNUP:
    urlpatterns.append(
        path("teacher-sign-up/", views.teacher_sign_up_view, name="teacher_sign_up")
    )
