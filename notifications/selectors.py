"""Reading a person's notifications (always their own)."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator

from notifications.kinds import names_for, words
from notifications.models import CalendarFeed, Notification
from portal.queries import CompiledOnce

# The bell shows "99+" past this: its count is one query that stops counting here,
# so it costs the same with 10 or 10,000 notifications.
BELL_CAP = 99


# The unread ids of one person, at most BELL_CAP + 1: the SQL compiled once.
_UNREAD = CompiledOnce(
    lambda recipient: (
        Notification.objects.filter(recipient_id=recipient, read_at__isnull=True)
        .order_by()
        .values_list("pk")[: BELL_CAP + 1]
    )
)


def unread_count(user) -> int:
    """How many unread notifications (at most BELL_CAP + 1): one query, by the
    recipient's index, on every page with the bell (its SQL compiled once:
    portal.queries). The ids are counted here: at most a hundred small rows,
    where a COUNT over a limited subquery cost more Python to build than that."""
    return len(_UNREAD.rows(recipient=user.pk))


def bell_of(user) -> dict:
    """What the header's bell shows: the unread count (one query), "99+" past the
    cap, and the words a screen reader hears."""
    count = unread_count(user)
    return {
        "count": count,
        "over": count > BELL_CAP,
        "cap": BELL_CAP,
        "shown": f"{BELL_CAP}+" if count > BELL_CAP else count,
    }


@dataclass(frozen=True)
class NotificationItem:
    pk: int
    subject: str
    text: str
    url: str
    created_at: object
    is_unread: bool


def notifications_page(user, *, page: int | str = 1, per_page: int = 25) -> Page:
    """A page of the person's notifications, newest first, with their words."""
    rows = Notification.objects.filter(recipient=user).only(
        "pk", "kind", "params", "count", "url", "created_at", "read_at"
    )
    paginated = Paginator(rows, per_page).get_page(page)
    people = names_for([n.params for n in paginated.object_list])
    paginated.object_list = [
        NotificationItem(
            pk=n.pk,
            subject=(said := words(n.kind, n.params, n.count, people)).subject,
            text=said.text,
            url=n.url,
            created_at=n.created_at,
            is_unread=n.read_at is None,
        )
        for n in paginated.object_list
    ]
    return paginated


def calendar_feed_of(user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()
