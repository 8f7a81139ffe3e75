"""Replies in the discussion of a prompt: posting, editing within the window, and a
teacher hiding one."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assignments.events import reply_notify
from assignments.models import MAX_REPLY_CHARS, Reply, Response
from assignments.permissions import can_edit_reply
from assignments.text import clean_text


def _reply_text(text: str) -> str:
    text = clean_text(text, max_chars=MAX_REPLY_CHARS).strip()
    if not text:
        raise ValidationError(_("Write your reply first."), code="empty")
    return text


@transaction.atomic
def reply_create(*, response: Response, author, text: str) -> Reply:
    """A reply to a classmate's posted answer."""
    reply = Reply(response=response, author=author, text=_reply_text(text))
    reply.full_clean()
    reply.save()
    reply_notify(reply=reply)
    return reply


@transaction.atomic
def reply_update(*, reply: Reply, user, text: str) -> Reply:
    """Its author may change a reply for EDIT_WINDOW_MINUTES after posting it."""
    if not can_edit_reply(user, reply):
        raise ValidationError(
            _(
                "A reply can be changed for %(minutes)s minutes after posting; "
                "this one can no longer be changed."
            )
            % {"minutes": Reply.EDIT_WINDOW_MINUTES},
            code="edit_window",
        )
    reply.text = _reply_text(text)
    reply.edited_at = timezone.now()
    reply.full_clean()
    reply.save(update_fields=["text", "edited_at"])
    return reply


@transaction.atomic
def reply_hide(*, reply: Reply, by, hidden: bool = True) -> Reply:
    """A teacher of the class hides a reply from students (or shows it again)."""
    reply.hidden_at = timezone.now() if hidden else None
    reply.hidden_by = by if hidden else None
    reply.full_clean()
    reply.save(update_fields=["hidden_at", "hidden_by"])
    return reply
