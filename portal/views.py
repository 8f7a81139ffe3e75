from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from assignments.review import teacher_dashboard
from assignments.selectors import todo_for_student
from classrooms.selectors import classrooms_for_student, classrooms_for_teacher


def home(request):
    """Where everyone lands after signing in: teachers (and staff) on the teacher
    home, students on their to-do list."""
    if request.user.is_student:
        return redirect("student_todo")
    return redirect("teacher_home")


def teacher_home(request):
    classrooms = classrooms_for_teacher(user=request.user)
    summaries = teacher_dashboard(user=request.user)
    return render(
        request,
        "portal/teacher_home.html",
        {"classrooms": classrooms, "summaries": summaries},
    )


def student_todo(request):
    classrooms = classrooms_for_student(user=request.user)
    todo = todo_for_student(user=request.user)
    return render(
        request, "portal/student_todo.html", {"classrooms": classrooms, "todo": todo}
    )


@login_not_required
@never_cache
def healthz(request):
    """For a load balancer: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
