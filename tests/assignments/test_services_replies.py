"""Replies in a discussion, through the services."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assignments.services import replies
from tests.assignments.conftest import enrol, post_answer


def test_reply_can_be_edited_for_fifteen_minutes_only(assignment, student):
    response = post_answer(student, assignment, text="My claim.")
    classmate = enrol(assignment.classroom)
    reply = replies.reply_create(response=response, author=classmate, text="Nice.")
    replies.reply_update(reply=reply, user=classmate, text="Nice point.")
    reply.created_at = timezone.now() - timedelta(minutes=16)
    reply.save(update_fields=["created_at"])
    with pytest.raises(ValidationError, match="15 minutes"):
        replies.reply_update(reply=reply, user=classmate, text="Changed later.")
