from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("bell/", views.bell, name="bell"),
    path("<int:pk>/open/", views.notification_open, name="open"),
    path("<int:pk>/read/", views.notification_mark_read, name="read"),
    path("read-all/", views.notifications_mark_all_read, name="read_all"),
    path("preferences/", views.preferences, name="preferences"),
    path("calendar/renew/", views.calendar_renew, name="calendar_renew"),
    path("calendar/revoke/", views.calendar_revoke, name="calendar_revoke"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
