"""One way to write a moment on the student pages, naming the time zone."""

from datetime import UTC, datetime

from django.template import Context, Template
from django.utils import timezone

from portal.times import moment_text, time_text


def test_a_moment_is_written_in_the_viewers_zone_and_names_it():
    winter = datetime(2024, 12, 4, 4, 59, tzinfo=UTC)
    summer = datetime(2025, 6, 2, 13, 5, tzinfo=UTC)
    with timezone.override("America/New_York"):
        assert moment_text(winter) == "Tue 3 Dec, 11:59 p.m. EST"
        assert moment_text(summer) == "Mon 2 Jun, 9:05 a.m. EDT"
        assert time_text(summer) == "9:05 a.m. EDT"
    with timezone.override("Europe/London"):
        assert moment_text(winter) == "Wed 4 Dec, 4:59 a.m. GMT"
    assert moment_text(None) == time_text(None) == ""


def test_the_template_filters_wrap_it_in_a_time_element():
    moment = datetime(2024, 12, 4, 4, 59, tzinfo=UTC)
    template = Template("{% load portal_tags %}{{ m|when }} / {{ m|when_time }}")
    with timezone.override("America/New_York"):
        html = template.render(Context({"m": moment}))
    assert html == (
        '<time datetime="2024-12-03T23:59:00-05:00">Tue 3 Dec, 11:59 p.m. EST</time>'
        ' / <time datetime="2024-12-03T23:59:00-05:00">11:59 p.m. EST</time>'
    )
