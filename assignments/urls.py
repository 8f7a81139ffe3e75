from django.urls import path

from assignments.views import (
    api,
    calendar,
    grid,
    regions,
    review,
    sourcing,
    student,
    submitting,
    teacher,
)

app_name = "assignments"

ANSWER = "<int:pk>/prompts/<int:prompt_pk>/answer/"
GRADING = "<int:pk>/review/students/<int:student_pk>/"
QUESTION = GRADING + "questions/<int:prompt_pk>/"
GRID = "<int:pk>/prompts/<int:prompt_pk>/grid/"
CELL = GRID + "<int:excerpt_pk>/<int:column>/"

urlpatterns = [
    # a student's own due dates in a class (an accommodation)
    path(
        "classes/<int:pk>/students/<int:student_pk>/due-dates/",
        teacher.student_due_dates_edit,
        name="student_due_dates",
    ),
    path(
        "classes/<int:pk>/students/<int:student_pk>/due-dates/<int:assignment_pk>/"
        "remove/",
        teacher.student_due_date_remove,
        name="student_due_date_remove",
    ),
    # students
    path("<int:pk>/", student.assignment_detail, name="assignment_detail"),
    path("<int:pk>/submit-all/", submitting.submit_all, name="submit_all"),
    # the answer form: one view per button
    path(ANSWER, student.response_save, name="response_save"),
    path(ANSWER + "submit/", student.response_submit, name="response_submit"),
    path(ANSWER + "cite/", student.response_cite, name="response_cite"),
    path(ANSWER + "uncite/", student.citation_remove, name="citation_remove"),
    path(ANSWER + "region/", regions.response_cite_region, name="response_cite_region"),
    # the page's fetch() endpoints
    path(
        "<int:pk>/prompts/<int:prompt_pk>/draft/",
        api.response_autosave,
        name="response_autosave",
    ),
    path(
        "<int:pk>/prompts/<int:prompt_pk>/citations/",
        api.citation_create,
        name="citation_create",
    ),
    path(
        "<int:pk>/prompts/<int:prompt_pk>/regions/",
        api.region_cite_create,
        name="region_cite_create",
    ),
    # a source-first lesson: the sourcing questions that open an excerpt
    path(
        "<int:pk>/excerpts/<int:excerpt_pk>/sourcing/",
        sourcing.sourcing_save,
        name="sourcing_save",
    ),
    path("csrf-token/", api.csrf_token, name="csrf_token"),
    # the evidence grid: a cell's Save, its autosave (fetch), the grid's Submit
    path(CELL, grid.grid_cell_save, name="grid_cell_save"),
    path(CELL + "draft/", grid.grid_cell_autosave, name="grid_cell_autosave"),
    path(GRID + "submit/", grid.grid_submit, name="grid_submit"),
    path(GRID + "class/", grid.class_grid_page, name="class_grid"),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("signed-in/", student.signed_in_again, name="signed_in_again"),
    # discussion
    path(
        "<int:pk>/prompts/<int:prompt_pk>/discussion/",
        student.discussion_page,
        name="discussion",
    ),
    path("answers/<int:response_pk>/reply/", student.reply_create, name="reply_create"),
    path("replies/<int:pk>/edit/", student.reply_edit, name="reply_edit"),
    path("replies/<int:pk>/hide/", review.reply_hide, name="reply_hide"),
    # teachers
    path("new/", teacher.assignment_create, name="assignment_create"),
    path("<int:pk>/manage/", teacher.assignment_manage, name="assignment_manage"),
    path("<int:pk>/edit/", teacher.assignment_edit, name="assignment_edit"),
    path("<int:pk>/close/", teacher.assignment_close, name="assignment_close"),
    path("<int:pk>/delete/", teacher.assignment_delete, name="assignment_delete"),
    path("<int:pk>/points/", teacher.assignment_points, name="assignment_points"),
    path("<int:pk>/rubric/", teacher.assignment_rubric, name="assignment_rubric"),
    path("rubrics/", teacher.rubric_list, name="rubric_list"),
    path("rubrics/new/", teacher.rubric_create, name="rubric_create"),
    path("rubrics/<int:pk>/edit/", teacher.rubric_edit, name="rubric_edit"),
    path("rubrics/<int:pk>/delete/", teacher.rubric_delete, name="rubric_delete"),
    path(
        "comments/<int:pk>/delete/",
        teacher.saved_comment_delete,
        name="saved_comment_delete",
    ),
    # teacher review
    path("<int:pk>/review/", review.review_table, name="review_table"),
    path("<int:pk>/review/return/", review.review_return, name="review_return"),
    # the grading form: one view per button
    path(GRADING, review.grading, name="grading"),
    path(GRADING + "save/", review.feedback_save, name="feedback_save"),
    path(GRADING + "save-next/", review.feedback_save_next, name="feedback_save_next"),
    path(
        GRADING + "save-return/",
        review.feedback_save_return,
        name="feedback_save_return",
    ),
    path(
        GRADING + "save-revise/",
        review.feedback_save_revise,
        name="feedback_save_revise",
    ),
    path(QUESTION + "use-comment/", review.saved_comment_use, name="saved_comment_use"),
    path(
        QUESTION + "keep-comment/",
        review.saved_comment_create,
        name="saved_comment_create",
    ),
    # reports
    path("<int:pk>/citations/", review.citation_map, name="citation_map"),
    path("classes/<int:pk>/classwork/", teacher.classwork, name="classwork"),
    path("classes/<int:pk>/gradebook/", review.gradebook, name="gradebook"),
    path(
        "classes/<int:pk>/gradebook/export.csv",
        review.gradebook_csv,
        name="gradebook_csv",
    ),
    path("classes/<int:pk>/skills/", review.skill_report, name="skill_report"),
]
