from django.urls import path

from sources import translation_views, views

app_name = "sources"

urlpatterns = [
    path("", views.source_list, name="source_list"),
    path("new/", views.source_create, name="source_create"),
    path("<slug:slug>/", views.source_detail, name="source_detail"),
    path("<slug:slug>/edit/", views.source_edit, name="source_edit"),
    path("<slug:slug>/delete/", views.source_delete, name="source_delete"),
    path(
        "images/<int:pk>/<str:variant>/<str:version>/",
        views.excerpt_image,
        name="excerpt_image",
    ),
    path("<slug:slug>/as-a-page/", views.web_page, name="web_page"),
    path("<slug:slug>/passages/new/", views.excerpt_create, name="excerpt_create"),
    path("<slug:slug>/pictures/new/", views.image_create, name="image_create"),
    path(
        "<slug:slug>/passages/<slug:excerpt_slug>/",
        views.excerpt_read,
        name="excerpt_read",
    ),
    path(
        "<slug:slug>/passages/<slug:excerpt_slug>/edit/",
        views.excerpt_edit,
        name="excerpt_edit",
    ),
    path(
        "<slug:slug>/passages/<slug:excerpt_slug>/details/new/",
        views.image_detail_create,
        name="image_detail_create",
    ),
    path(
        "<slug:slug>/passages/<slug:excerpt_slug>/delete/",
        views.excerpt_delete,
        name="excerpt_delete",
    ),
    path(
        "<slug:slug>/passages/<slug:excerpt_slug>/translations/new/",
        translation_views.translation_create,
        name="translation_create",
    ),
    path(
        "<slug:slug>/passages/<slug:excerpt_slug>/translations/<str:language>/",
        translation_views.translation_edit,
        name="translation_edit",
    ),
    path(
        "<slug:slug>/passages/<slug:excerpt_slug>/translations/<str:language>/delete/",
        translation_views.translation_delete,
        name="translation_delete",
    ),
]
