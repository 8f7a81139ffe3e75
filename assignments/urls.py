from django.urls import path

from assignments import review_views, views

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
    # teacher review
    path("<int:pk>/review/", review_views.review_table, name="review_table"),
    path(
        "<int:pk>/review/students/<int:student_pk>/",
        review_views.grading,
        name="grading",
    ),
    path("<int:pk>/review/return/", review_views.review_return, name="review_return"),
    path("<int:pk>/citations/", review_views.citation_map, name="citation_map"),
    path("<int:pk>/rubric/", review_views.assignment_rubric, name="assignment_rubric"),
    path("rubrics/", review_views.rubric_list, name="rubric_list"),
    path("rubrics/new/", review_views.rubric_create, name="rubric_create"),
    path("rubrics/<int:pk>/edit/", review_views.rubric_edit, name="rubric_edit"),
    path("rubrics/<int:pk>/delete/", review_views.rubric_delete, name="rubric_delete"),
    path(
        "comments/<int:pk>/delete/",
        review_views.saved_comment_delete,
        name="saved_comment_delete",
    ),
    path("classes/<int:pk>/gradebook/", review_views.gradebook, name="gradebook"),
    path(
        "classes/<int:pk>/gradebook/export.csv",
        review_views.gradebook_csv,
        name="gradebook_csv",
    ),
    path("classes/<int:pk>/skills/", review_views.skill_report, name="skill_report"),
]
