from django.contrib import admin
from django.urls import include, path

from assignments.views import home
from portal import views

admin.site.site_header = "Portal administration"
admin.site.site_title = "Portal administration"

urlpatterns = [
    path("", home.home, name="home"),
    path("teach/", home.teacher_home, name="teacher_home"),
    path("todo/", home.student_todo, name="student_todo"),
    path("healthz/", views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("library/", include("sources.urls")),
    path("classes/", include("classrooms.urls")),
    path("classes/", include("privacy.urls")),
    path("units/", include("lessons.urls")),
    path("assignments/", include("assignments.urls")),
    path("admin/", admin.site.urls),
]
