import factory

from accounts.models import User

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
