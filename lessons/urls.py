from django.urls import path

from lessons import views

app_name = "lessons"

urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("new/", views.unit_create, name="unit_create"),
    path("<int:pk>/", views.unit_detail, name="unit_detail"),
    path("<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("<int:pk>/delete/", views.unit_delete, name="unit_delete"),
    path("<int:pk>/status/", views.unit_status, name="unit_status"),
    path("<int:pk>/copy/", views.unit_copy, name="unit_copy"),
    path("<int:pk>/co-authors/", views.co_author_add, name="co_author_add"),
    path(
        "<int:pk>/co-authors/<int:user_pk>/remove/",
        views.co_author_remove,
        name="co_author_remove",
    ),
    path("<int:pk>/lessons/new/", views.lesson_create, name="lesson_create"),
    path("lessons/<int:pk>/", views.lesson_editor, name="lesson_editor"),
    path("lessons/<int:pk>/edit/", views.lesson_edit, name="lesson_edit"),
    path("lessons/<int:pk>/delete/", views.lesson_delete, name="lesson_delete"),
    path("lessons/<int:pk>/move/", views.lesson_move, name="lesson_move"),
    path("lessons/<int:pk>/preview/", views.lesson_preview, name="lesson_preview"),
    path(
        "lessons/<int:pk>/excerpts/add/",
        views.lesson_excerpt_add,
        name="lesson_excerpt_add",
    ),
    path(
        "lessons/<int:pk>/documents/add/",
        views.lesson_source_add,
        name="lesson_source_add",
    ),
    path("lessons/<int:pk>/prompts/add/", views.prompt_create, name="prompt_create"),
    path(
        "lesson-excerpts/<int:pk>/note/",
        views.lesson_excerpt_note,
        name="lesson_excerpt_note",
    ),
    path(
        "lesson-excerpts/<int:pk>/move/",
        views.lesson_excerpt_move,
        name="lesson_excerpt_move",
    ),
    path(
        "lesson-excerpts/<int:pk>/remove/",
        views.lesson_excerpt_remove,
        name="lesson_excerpt_remove",
    ),
    path(
        "documents/<int:pk>/remove/",
        views.lesson_source_remove,
        name="lesson_source_remove",
    ),
    path("prompts/<int:pk>/edit/", views.prompt_edit, name="prompt_edit"),
    path("prompts/<int:pk>/move/", views.prompt_move, name="prompt_move"),
    path("prompts/<int:pk>/delete/", views.prompt_delete, name="prompt_delete"),
    path("lessons/<int:pk>/undo/", views.lesson_undo, name="lesson_undo"),
]
