"""Where people land after signing in: the teacher's home and the student's to-do
list."""

from django.shortcuts import redirect, render

from assignments.selectors.classwork import teacher_dashboard
from assignments.selectors.todo import todo_for_student
from classrooms.selectors import classrooms_for_teacher


def home(request):
    """Teachers (and staff) land on the teacher home, students on their to-do list."""
    if request.user.is_student:
        return redirect("student_todo")
    return redirect("teacher_home")


def teacher_home(request):
    return render(
        request,
        "assignments/teacher_home.html",
        {
            "classrooms": classrooms_for_teacher(user=request.user),
            "summaries": teacher_dashboard(user=request.user),
        },
    )


def student_todo(request):
    todo = todo_for_student(user=request.user)  # with the student's classes
    return render(
        request,
        "assignments/student_todo.html",
        {"classrooms": todo.classrooms, "todo": todo},
    )
