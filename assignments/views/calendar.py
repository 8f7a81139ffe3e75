"""The private calendar feed: its address is the key (no sign-in; calendar
programs cannot sign in), revoked or renewed on the person's settings page."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache

from assignments.calendar import calendar_for
from notifications.models import CalendarFeed


@login_not_required
@never_cache
def calendar_feed(request, token):
    feed = (
        CalendarFeed.objects.filter(token=token, user__is_active=True)
        .select_related("user")
        .first()
    )
    if feed is None:
        raise Http404
    response = HttpResponse(
        calendar_for(feed.user), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="due-dates.ics"'
    return response
