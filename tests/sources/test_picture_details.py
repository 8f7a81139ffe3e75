"""A "details" crop: a rectangle of a picture saved as an image excerpt of its own
(issue 15)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from PIL import Image

from sources.models import Excerpt, ExcerptImage
from sources.pictures import (
    PictureWords,
    Rectangle,
    image_detail_create,
    image_excerpt_update,
)
from sources.services import excerpt_create, source_create
from tests.builders import TeacherFactory, image_build, picture_bytes

pytestmark = pytest.mark.django_db

WORDS = PictureWords(title="The white box", alt_text="A white square on red.")


def stored_picture(image: ExcerptImage) -> Image.Image:
    with image.original.open("rb") as f:
        picture = Image.open(io.BytesIO(f.read()))
        picture.load()
    return picture


@pytest.fixture
def poster(teacher):
    # 640 × 480, red, with a white box from (80, 60) to (320, 240).
    return image_build(owner=teacher, data=picture_bytes(size=(640, 480)))


def test_a_detail_is_cut_from_the_picture_and_kept_as_its_own_excerpt(
    teacher, poster, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        detail = image_detail_create(
            excerpt=poster,
            owner=teacher,
            rect=Rectangle(left=80, top=60, width=241, height=181),
            words=WORDS,
        )
    image = detail.image
    assert detail.source == poster.source and detail.owner == teacher
    assert detail.is_image and detail.title == "The white box"
    assert image.alt_text == "A white square on red."
    assert (image.width, image.height, image.content_type) == (241, 181, "image/png")
    picture = stored_picture(image)
    assert picture.size == (241, 181)
    assert picture.getpixel((0, 0)) == (255, 255, 255)  # the box's corner
    assert picture.getpixel((240, 180)) == (255, 255, 255)
    image.refresh_from_db()
    assert image.display and image.thumbnail  # made by the job after the commit
    # The whole picture is untouched and both are in the source.
    poster.image.refresh_from_db()
    assert (poster.image.width, poster.image.height) == (640, 480)
    assert list(poster.source.excerpts.order_by("order")) == [poster, detail]


BAD = [
    (Rectangle(-1, 0, 100, 100), "left", "from 0 to 639"),
    (Rectangle(0, 480, 100, 100), "top", "from 0 to 479"),
    (Rectangle(600, 0, 100, 100), "width", "runs off the picture"),
    (Rectangle(0, 400, 100, 100), "height", "runs off the picture"),
    (Rectangle(10, 10, 5, 100), "width", "at least 16 pixels wide"),
    (Rectangle(10, 10, 100, 0), "height", "at least 16 pixels high"),
    (Rectangle(0, 0, 640, 480), "width", "whole picture"),
]


@pytest.mark.parametrize(("rect", "field", "message"), BAD)
def test_a_rectangle_not_inside_the_picture_is_refused_and_stores_nothing(
    teacher, poster, settings, rect, field, message
):
    files_before = ExcerptImage.objects.count()
    with pytest.raises(ValidationError) as refused:
        image_detail_create(excerpt=poster, owner=teacher, rect=rect, words=WORDS)
    assert message in " ".join(refused.value.message_dict[field])
    assert ExcerptImage.objects.count() == files_before
    assert poster.source.excerpts.count() == 1


def test_a_detail_needs_its_own_text_alternative_and_a_picture(teacher, poster):
    rect = Rectangle(0, 0, 100, 100)
    with pytest.raises(ValidationError) as refused:
        image_detail_create(
            excerpt=poster,
            owner=teacher,
            rect=rect,
            words=PictureWords(title="Corner", alt_text="  "),
        )
    assert "alt_text" in refused.value.message_dict
    text = excerpt_create(
        source=source_create(owner=teacher, title="A letter", kind="letter"),
        owner=teacher,
        title="The letter",
        text="Dear sir,",
    )
    with pytest.raises(ValidationError):
        image_detail_create(excerpt=text, owner=teacher, rect=rect, words=WORDS)
    with pytest.raises(ValidationError):  # not whole pixels
        image_detail_create(
            excerpt=poster, owner=teacher, rect=Rectangle(0.5, 0, 100, 100), words=WORDS
        )


# --- the page -------------------------------------------------------------------------


def detail_url(excerpt):
    return reverse(
        "sources:image_detail_create",
        kwargs={"slug": excerpt.source.slug, "excerpt_slug": excerpt.slug},
    )


def form(**fields):
    return {
        "left": "80",
        "top": "60",
        "width": "240",
        "height": "180",
        "title": "The white box",
        "alt_text": "A white square on red.",
        "caption": "Detail of the poster.",
        "text": "",
        **fields,
    }


def test_a_teacher_finds_the_page_from_the_picture_and_saves_a_detail(
    teacher_client, poster
):
    reading = teacher_client.get(poster.get_absolute_url()).content.decode()
    assert f'href="{detail_url(poster)}"' in reading
    page = teacher_client.get(detail_url(poster)).content.decode()
    assert "640 × 480" in page and f'src="{poster.image.display_url}"' in page
    response = teacher_client.post(detail_url(poster), form())
    detail = Excerpt.objects.exclude(pk=poster.pk).get(source=poster.source)
    assert response.status_code == 302
    assert response["Location"] == detail.get_absolute_url()
    assert (detail.image.width, detail.image.height) == (240, 180)
    assert detail.image.caption == "Detail of the poster."
    shown = teacher_client.get(detail.get_absolute_url()).content.decode()
    assert 'alt="A white square on red."' in shown


def test_a_rectangle_off_the_picture_is_refused_beside_its_field(
    teacher_client, poster
):
    response = teacher_client.post(detail_url(poster), form(width="600"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "runs off the picture" in page
    assert 'href="#id_width"' in page
    assert "is-invalid" in page.split('id="id_width"')[0].rsplit("<input", 1)[1]
    assert "A white square on red." in page  # what was typed stays
    assert poster.source.excerpts.count() == 1


def test_the_text_alternative_is_required_on_the_page(teacher_client, poster):
    response = teacher_client.post(detail_url(poster), form(alt_text=""))
    assert response.status_code == 200
    assert 'href="#id_alt_text"' in response.content.decode()
    assert poster.source.excerpts.count() == 1


def test_another_teacher_cannot_reach_a_private_picture_or_a_passage(client, poster):
    client.force_login(TeacherFactory())
    assert client.get(detail_url(poster)).status_code == 404
    assert client.post(detail_url(poster), form()).status_code == 404
    assert poster.source.excerpts.count() == 1


def test_a_passage_of_words_has_no_detail_page(teacher_client, teacher):
    text = excerpt_create(
        source=source_create(owner=teacher, title="A letter", kind="letter"),
        owner=teacher,
        title="The letter",
        text="Dear sir,",
    )
    assert teacher_client.get(detail_url(text)).status_code == 404


# --- the detail and its whole ---------------------------------------------------------


def test_a_detail_records_its_whole_and_each_page_links_to_the_other(
    teacher, teacher_client, poster
):
    detail = image_detail_create(
        excerpt=poster,
        owner=teacher,
        rect=Rectangle(left=80, top=60, width=241, height=181),
        words=WORDS,
    )
    image = ExcerptImage.objects.get(excerpt=detail)
    assert (image.detail_of, image.detail_box) == (poster, "80,60,241,181")
    detail_page = teacher_client.get(detail.get_absolute_url()).content.decode()
    assert "This is a detail of a larger picture:" in detail_page
    assert f'href="{poster.get_absolute_url()}" data-whole-link' in detail_page
    whole_page = teacher_client.get(poster.get_absolute_url()).content.decode()
    assert "Details of this picture" in whole_page
    assert f'<a href="{detail.get_absolute_url()}">The white box</a>' in whole_page
    # Removing the whole keeps the detail, which no longer names it.
    poster.image.delete()
    poster.delete()
    image.refresh_from_db()
    assert image.detail_of is None
    page = teacher_client.get(detail.get_absolute_url()).content.decode()
    assert "This is a detail" not in page


def test_a_detail_a_viewer_may_not_read_is_not_listed(teacher, client):
    shared = image_build(owner=None, title="Shared poster")
    image_detail_create(
        excerpt=shared,
        owner=teacher,
        rect=Rectangle(left=0, top=0, width=100, height=100),
        words=WORDS,
    )
    other = TeacherFactory()
    client.force_login(other)
    page = client.get(shared.get_absolute_url()).content.decode()
    assert "Details of this picture" not in page and "The white box" not in page


def test_a_pictures_words_keep_their_history(teacher, client, staff):
    excerpt = image_build(owner=teacher, alt_text="First words.")
    image_excerpt_update(
        excerpt=excerpt,
        words=PictureWords(title=excerpt.title, alt_text="Second words."),
    )
    history = list(
        ExcerptImage.history.filter(excerpt_id=excerpt.pk).order_by("history_date")
    )
    assert [h.alt_text for h in history] == ["First words.", "Second words."]
    assert history[0].history_type == "+" and history[1].history_type == "~"
    client.force_login(staff)
    page = client.get(
        reverse("admin:sources_excerptimage_history", args=[excerpt.image.pk])
    ).content.decode()
    assert "First words." in page and "Second words." in page
