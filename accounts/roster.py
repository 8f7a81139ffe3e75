"""People from a student information system's roster (OneRoster users), kept in
step by their ``sourcedId``. classrooms.roster reads the files and decides the
classes; the accounts themselves are made and changed here."""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models.functions import Lower

from accounts.models import User

USERNAME_OK = re.compile(r"^[\w.@+-]{1,150}\Z")
FIELDS = ["first_name", "last_name", "email", "student_number", "role", "is_active"]


@dataclass(frozen=True)
class RosterPerson:
    sourced_id: str
    first_name: str
    last_name: str
    email: str = ""
    identifier: str = ""  # the school's own ID (student_number)
    username: str = ""  # the one the roster suggests
    role: str | None = None  # User.Role, or None to keep what the account has
    active: bool = True


@dataclass
class PeopleChanges:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    deactivated: list = field(default_factory=list)
    user_ids: dict = field(default_factory=dict)  # sourcedId -> user id


def _known(people: Sequence[RosterPerson]) -> dict[str, User]:
    """Accounts these people already have: by sourcedId, or (a teacher-made
    account not yet on the roster) by a school ID only one such account has."""
    ids = [p.sourced_id for p in people]
    known = {
        u.roster_source_id: u for u in User.objects.filter(roster_source_id__in=ids)
    }
    wanted = {
        p.identifier: p.sourced_id
        for p in people
        if p.identifier and p.sourced_id not in known
    }
    matches: dict[str, list[User]] = {}
    for user in User.objects.filter(
        roster_source_id__isnull=True, student_number__in=list(wanted)
    ):
        matches.setdefault(user.student_number, []).append(user)
    for number, users in matches.items():
        if len(users) == 1:
            known[wanted[number]] = users[0]
    return known


def _apply_fields(user: User, person: RosterPerson) -> bool:
    """Copy the roster's fields onto an account; whether anything changed."""
    values = {
        "first_name": person.first_name[:150],
        "last_name": person.last_name[:150],
        "email": person.email[:254],
        "student_number": person.identifier[:64],
        "role": person.role or user.role,
        "is_active": person.active,
    }
    if user.is_staff:  # an admin's role and switch are the admin's business
        values.pop("role")
        values.pop("is_active")
    changed = any(getattr(user, k) != v for k, v in values.items())
    for key, value in values.items():
        setattr(user, key, value)
    return changed


def _usernames(
    people: Sequence[RosterPerson],
    generate: Callable[[list[tuple[str, str]]], list[str]],
) -> list[str]:
    """The roster's usernames where they are valid and free, generated otherwise."""
    wanted = [p.username if USERNAME_OK.match(p.username or "") else "" for p in people]
    taken = set(
        User.objects.annotate(low=Lower("username"))
        .filter(low__in=[w.lower() for w in wanted if w])
        .values_list("low", flat=True)
    )
    chosen, seen = [], set()
    for want in wanted:
        ok = want and want.lower() not in taken and want.lower() not in seen
        chosen.append(want if ok else "")
        seen.add(want.lower())
    missing = [i for i, name in enumerate(chosen) if not name]
    generated = generate([(people[i].first_name, people[i].last_name) for i in missing])
    for index, name in zip(missing, generated, strict=True):
        chosen[index] = name
    return chosen


@transaction.atomic
def roster_people_sync(
    *,
    people: Sequence[RosterPerson],
    deactivate_missing: bool,
    generate_usernames: Callable[[list[tuple[str, str]]], list[str]],
) -> PeopleChanges:
    """Make, update and switch off accounts so they match the roster, by sourcedId
    (applying the same roster twice changes nothing). A person marked to be
    deleted, or (``deactivate_missing``, a bulk file) no longer on the roster, is
    switched off, never deleted: their work stays. New accounts have no password:
    they sign in through the school's provider, or a teacher prints a login card."""
    changes = PeopleChanges()
    known = _known(people)
    new, changed = [], []
    for person in people:
        user = known.get(person.sourced_id)
        if user is None:
            if person.active:
                new.append(person)
            continue
        was_active = user.is_active
        user.roster_source_id = person.sourced_id
        if _apply_fields(user, person):
            changed.append(user)
            bucket = (
                changes.deactivated
                if was_active and not user.is_active
                else changes.updated
            )
            bucket.append(person.sourced_id)
    User.objects.bulk_update(changed, [*FIELDS, "roster_source_id"], batch_size=500)
    _create(new, generate_usernames, changes)
    if deactivate_missing:
        _deactivate_missing({p.sourced_id for p in people}, changes)
    changes.user_ids = dict(
        User.objects.filter(
            roster_source_id__in=[p.sourced_id for p in people]
        ).values_list("roster_source_id", "pk")
    )
    return changes


def _create(new: list[RosterPerson], generate, changes: PeopleChanges) -> None:
    usernames = _usernames(new, generate)
    users = []
    for person, username in zip(new, usernames, strict=True):
        user = User(username=username, roster_source_id=person.sourced_id)
        _apply_fields(user, person)
        user.role = person.role or User.Role.STUDENT
        user.set_unusable_password()
        users.append(user)
    User.objects.bulk_create(users, batch_size=500)
    changes.created.extend(p.sourced_id for p in new)


def _deactivate_missing(present: set[str], changes: PeopleChanges) -> None:
    gone = User.objects.filter(
        roster_source_id__isnull=False, is_active=True, is_staff=False
    ).exclude(roster_source_id__in=present)
    ids = list(gone.values_list("roster_source_id", flat=True))
    gone.update(is_active=False)
    changes.deactivated.extend(ids)
