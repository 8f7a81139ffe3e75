import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from accounts.models import User
from classrooms.services import classroom_create, enrolment_ensure
from sources.pictures import PictureWords, image_excerpts_create
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


def picture_bytes(
    *, size=(640, 480), format: str = "PNG", color=(180, 40, 40), **save_options
) -> bytes:
    """A real picture made by Pillow: a coloured field with a white box in its
    top-left quarter (so a region of it means something), in ``format``."""
    image = Image.new("RGB", size, color)
    draw = ImageDraw.Draw(image)
    draw.rectangle((size[0] // 8, size[1] // 8, size[0] // 2, size[1] // 2), "white")
    out = io.BytesIO()
    image.save(out, format=format, **save_options)
    return out.getvalue()


def picture_upload(data: bytes | None = None, *, name: str = "poster.png"):
    return SimpleUploadedFile(name, data if data is not None else picture_bytes())


def image_build(
    *,
    owner=None,
    title: str = "Sample poster",
    alt_text: str = "A red poster with a white box.",
    data: bytes | None = None,
    transcription: str = "",
    **source_fields,
):
    """A source (a poster) with one image excerpt, made from a picture by Pillow;
    returns the excerpt (``.image`` is its picture, ``.source`` its source)."""
    source = source_create(owner=owner, title=title, kind="poster", **source_fields)
    (excerpt,) = image_excerpts_create(
        source=source,
        owner=owner,
        upload=picture_upload(data),
        words=PictureWords(title=title, alt_text=alt_text, transcription=transcription),
    )
    return excerpt


def class_build(*, owner, name: str = "Sample class", students: int = 0, **fields):
    """A class owned by ``owner`` with ``students`` new student accounts in it."""
    classroom = classroom_create(owner=owner, name=name, **fields)
    for student in StudentFactory.create_batch(students):
        enrolment_ensure(classroom=classroom, student=student)
    return classroom


# --- sign-in providers and second factors ---------------------------------------


def sign_in_provider_build(
    *,
    provider: str = "openid_connect",
    name: str = "Sign in with Riverside Schools",
    provider_id: str = "",
    client_id: str = "portal",
    secret: str = "portal-secret",
    **settings,
):
    """A switched-on sign-in provider, as an admin enters it (allauth's SocialApp)."""
    from allauth.socialaccount.models import SocialApp

    app, _created = SocialApp.objects.update_or_create(
        provider=provider,
        # SAML: the short name in addresses also keys its accounts (two identity
        # providers may use the same subject ids).
        provider_id=provider_id or (client_id if provider == "saml" else provider),
        client_id=client_id,
        defaults={"name": name, "secret": secret, "settings": settings},
    )
    return app


def mfa_build(user) -> str:
    """Switch on an authenticator app (and recovery codes) for a person; returns the
    app's secret, from which a test computes codes (allauth's TOTP)."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def totp_code(secret: str) -> str:
    """The authenticator app's current six digits for this secret."""
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def recovery_codes(user) -> list[str]:
    """A person's unused recovery codes, as the recovery-codes page shows them."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    authenticator = Authenticator.objects.get(
        user=user, type=Authenticator.Type.RECOVERY_CODES
    )
    return RecoveryCodes(authenticator).get_unused_codes()
