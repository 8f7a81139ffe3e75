import factory

from accounts.models import User
from classrooms.services import classroom_create, enrolment_ensure
from sources.services import excerpt_create, source_create

PASSWORD = "a-Long-test-passw0rd"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = User.Role.STUDENT

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])


class TeacherFactory(UserFactory):
    username = factory.Sequence(lambda n: f"teacher{n}")
    role = User.Role.TEACHER


class StudentFactory(UserFactory):
    username = factory.Sequence(lambda n: f"student{n}")
    role = User.Role.STUDENT


class StaffFactory(UserFactory):
    username = factory.Sequence(lambda n: f"admin{n}")
    role = User.Role.TEACHER
    is_staff = True
    is_superuser = True


# --- built through the services, as the app builds them -------------------------


def passage_build(
    *,
    owner=None,
    title: str = "Sample source",
    passage: str = "Passage",
    text: str = "One.\n\nTwo.",
    themes=(),
    **source_fields,
):
    """A source with one passage (shared when ``owner`` is None); returns the
    passage (``.source`` is its source)."""
    source = source_create(
        owner=owner, title=title, themes=list(themes), **source_fields
    )
    return excerpt_create(source=source, owner=owner, title=passage, text=text)


def class_build(*, owner, name: str = "Sample class", students: int = 0, **fields):
    """A class owned by ``owner`` with ``students`` new student accounts in it."""
    classroom = classroom_create(owner=owner, name=name, **fields)
    for student in StudentFactory.create_batch(students):
        enrolment_ensure(classroom=classroom, student=student)
    return classroom
