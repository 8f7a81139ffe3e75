from django.urls import path

from assignments import views

app_name = "assignments"

urlpatterns = [
    # students
    path("<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path(
        "<int:pk>/prompts/<int:prompt_pk>/answer/",
        views.response_update,
        name="response_update",
    ),
    path(
        "<int:pk>/prompts/<int:prompt_pk>/draft/",
        views.response_autosave,
        name="response_autosave",
    ),
    path(
        "<int:pk>/prompts/<int:prompt_pk>/citations/",
        views.citation_create,
        name="citation_create",
    ),
    path(
        "<int:pk>/prompts/<int:prompt_pk>/discussion/",
        views.discussion,
        name="discussion",
    ),
    path("answers/<int:response_pk>/reply/", views.reply_create, name="reply_create"),
    path("replies/<int:pk>/edit/", views.reply_edit, name="reply_edit"),
    path("replies/<int:pk>/hide/", views.reply_hide, name="reply_hide"),
    path("csrf-token/", views.csrf_token, name="csrf_token"),
    path("signed-in/", views.signed_in_again, name="signed_in_again"),
    # teachers
    path("new/", views.assignment_create, name="assignment_create"),
    path("<int:pk>/manage/", views.assignment_manage, name="assignment_manage"),
    path("<int:pk>/edit/", views.assignment_edit, name="assignment_edit"),
    path("<int:pk>/close/", views.assignment_close, name="assignment_close"),
]
