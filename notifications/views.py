"""The bell's page, marking read, e-mail preferences with the calendar link, and
the unsubscribe link from e-mails (which works signed out)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from notifications.forms import PreferencesForm
from notifications.models import Kind, NotificationPreference
from notifications.selectors import (
    calendar_feed_of,
    notifications_page,
    unread_count,
)
from notifications.services import (
    calendar_feed_renew,
    calendar_feed_revoke,
    notification_read,
    notifications_read_all,
    preferences_set,
    unsubscribe_apply,
)
from notifications.tokens import unsubscribe_read


@never_cache
def bell(request):
    """The header's bell with the unread count, on its own (htmx asks for it where
    a page was rendered without one). The count comes from the context processor
    (notifications.context_processors.bell), as on every page."""
    return render(request, "notifications/_bell.html")


@never_cache
def notification_list(request):
    page = notifications_page(request.user, page=request.GET.get("page", 1))
    return render(
        request,
        "notifications/notification_list.html",
        {"page": page, "unread": unread_count(request.user)},
    )


def notification_open(request, pk):
    """Follow a notification's link, marking it read on the way."""
    notification = notification_read(user=request.user, pk=pk)
    if notification is None:
        raise Http404
    safe = url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}
    )
    return redirect(
        notification.url if safe and notification.url else "notifications:list"
    )


@require_POST
def notification_mark_read(request, pk):
    if notification_read(user=request.user, pk=pk) is None:
        raise Http404
    return redirect("notifications:list")


@require_POST
def notifications_mark_all_read(request):
    notifications_read_all(user=request.user)
    messages.success(request, _("All your notifications are marked as read."))
    return redirect("notifications:list")


@never_cache
def preferences(request):
    current = dict(
        NotificationPreference.objects.filter(user=request.user).values_list(
            "kind", "email"
        )
    )
    form = PreferencesForm(request.POST or None, user=request.user, current=current)
    if request.method == "POST" and form.is_valid():
        preferences_set(user=request.user, choices=form.cleaned_data)
        messages.success(request, _("Your choices are saved."))
        return redirect("notifications:preferences")
    feed = calendar_feed_of(request.user)
    feed_url = (
        request.build_absolute_uri(
            reverse("assignments:calendar_feed", args=[feed.token])
        )
        if feed
        else ""
    )
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "feed_url": feed_url},
    )


@require_POST
def calendar_renew(request):
    calendar_feed_renew(user=request.user)
    messages.success(
        request, _("Your calendar has a new address; the old one no longer works.")
    )
    return redirect(reverse("notifications:preferences") + "#calendar")


@require_POST
def calendar_revoke(request):
    calendar_feed_revoke(user=request.user)
    messages.success(request, _("Your calendar address is turned off."))
    return redirect(reverse("notifications:preferences") + "#calendar")


@login_not_required
@csrf_exempt  # mail programs post the one-click unsubscribe (RFC 8058) without a form
@never_cache
def unsubscribe(request, token):
    """GET: a page with one button (link checkers open links; they must not
    unsubscribe anyone). POST: done, signed in or not."""
    found = unsubscribe_read(token)
    if found is None:
        raise Http404
    user_id, kind = found
    person = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if person is None or (kind != "*" and kind not in Kind.values):
        raise Http404
    done = request.method == "POST"
    if done:
        unsubscribe_apply(user_id=user_id, kind=kind)
    label = _("the daily e-mail") if kind == "*" else Kind(kind).label
    return render(
        request,
        "notifications/unsubscribe.html",
        {"done": done, "label": label, "token": token},
    )
