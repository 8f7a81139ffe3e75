from django.urls import reverse

from lessons.models import Unit


def test_admin_pages_open_and_bulk_publish_works(client, staff, unit):
    client.force_login(staff)
    lesson = unit.lessons.get()
    for url in [
        reverse("admin:lessons_unit_changelist") + "?q=wartime",
        reverse("admin:lessons_unit_change", args=[unit.pk]),
        reverse("admin:lessons_lesson_change", args=[lesson.pk]),
        reverse("admin:lessons_prompt_changelist") + "?skill__exact=sourcing",
    ]:
        assert client.get(url).status_code == 200, url
    response = client.post(
        reverse("admin:lessons_unit_changelist"),
        {"action": "publish", "_selected_action": [unit.pk]},
    )
    assert response.status_code == 302
    assert Unit.objects.get(pk=unit.pk).is_published
    client.post(
        reverse("admin:lessons_unit_changelist"),
        {"action": "unpublish", "_selected_action": [unit.pk]},
    )
    assert not Unit.objects.get(pk=unit.pk).is_published
