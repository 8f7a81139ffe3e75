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
    # Teacher self-sign-up: the view answers 404, like an unknown page, unless the
    # school switches it on (school settings in the admin, else the environment).
    path("teacher-sign-up/", views.teacher_sign_up_view, name="teacher_sign_up"),
]
