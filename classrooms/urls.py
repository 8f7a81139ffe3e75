from django.urls import path

from classrooms import views
from classrooms.views import groups

app_name = "classrooms"

urlpatterns = [
    path("", views.classroom_list, name="classroom_list"),
    path("new/", views.classroom_create, name="classroom_create"),
    path("mine/", views.my_classes, name="my_classes"),
    path("join/", views.join, name="join"),
    path("sign-up/", views.sign_up, name="sign_up"),
    path("welcome/", views.welcome, name="welcome"),
    path("<int:pk>/", views.classroom_detail, name="classroom_detail"),
    path("<int:pk>/edit/", views.classroom_edit, name="classroom_edit"),
    path("<int:pk>/archive/", views.classroom_archive, name="classroom_archive"),
    path("<int:pk>/code/", views.classroom_code, name="classroom_code"),
    path("<int:pk>/code/new/", views.join_code_regenerate, name="join_code_regenerate"),
    path("<int:pk>/students/add/", views.students_add, name="students_add"),
    path(
        "<int:pk>/students/reset-passwords/",
        views.students_password_reset,
        name="students_password_reset",
    ),
    path(
        "<int:pk>/students/<int:student_pk>/accommodations/",
        views.student_accommodations,
        name="student_accommodations",
    ),
    path(
        "<int:pk>/students/<int:student_pk>/remove/",
        views.student_remove,
        name="student_remove",
    ),
    path(
        "<int:pk>/students/<int:student_pk>/restore/",
        views.student_restore,
        name="student_restore",
    ),
    path("<int:pk>/groups/", groups.groups_page, name="groups"),
    path("<int:pk>/groups/new/", groups.group_create, name="group_create"),
    path("<int:pk>/groups/split/", groups.groups_split, name="groups_split"),
    path("<int:pk>/groups/move/", groups.groups_assign, name="groups_assign"),
    path(
        "<int:pk>/groups/<int:group_pk>/rename/",
        groups.group_rename,
        name="group_rename",
    ),
    path(
        "<int:pk>/groups/<int:group_pk>/delete/",
        groups.group_delete,
        name="group_delete",
    ),
    path("<int:pk>/cards/<str:token>/", views.login_cards, name="login_cards"),
    path(
        "<int:pk>/cards/<str:token>/csv/", views.login_cards_csv, name="login_cards_csv"
    ),
    path(
        "<int:pk>/cards/<str:token>/discard/",
        views.login_cards_discard,
        name="login_cards_discard",
    ),
    path("<int:pk>/co-teachers/", views.co_teacher_add, name="co_teacher_add"),
    path(
        "<int:pk>/co-teachers/invitations/<int:invitation_pk>/withdraw/",
        views.co_teacher_invitation_withdraw,
        name="co_teacher_invitation_withdraw",
    ),
    path(
        "co-teaching/<int:invitation_pk>/",
        views.co_teacher_invitation_answer,
        name="co_teacher_invitation_answer",
    ),
    path(
        "<int:pk>/co-teachers/<int:user_pk>/remove/",
        views.co_teacher_remove,
        name="co_teacher_remove",
    ),
]
