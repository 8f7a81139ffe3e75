"""A class teacher's privacy pages sit under the class they concern
(/classes/<pk>/students/<student_pk>/…), beside the roster."""

from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path(
        "<int:pk>/students/<int:student_pk>/export/",
        views.student_export,
        name="student_export",
    ),
    path(
        "<int:pk>/students/<int:student_pk>/anonymise/",
        views.student_anonymise,
        name="student_anonymise",
    ),
]
