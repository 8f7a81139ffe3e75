"""Markup that reads the same for everyone in a language, rendered once per process
and kept: the frame every page shares (the style sheets and scripts, the menus'
words and links, the footer). ``{% per_language %}…{% endper_language %}`` in
portal_tags.

Why it cannot show one person's data to another: the part between the tags is
rendered in a context of its own, holding only the values named in the tag
(plain strings, numbers, yes/no), never the request or the user. The kept copy
is looked up by the language, the script prefix, those values and the escaping
mode. A translated word, a {% url %} or {% static %} is the same for everyone
after that, and they are what make a page's frame cost: each is dozens of Python
calls, every request, on every page."""

from django.template import Context, Node, TemplateSyntaxError
from django.template.loader_tags import BlockNode
from django.urls import get_script_prefix
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language, gettext, override

from portal.cache import Remembered

# Kept copies per fragment: a handful in practice (languages × values such as the
# page's name for a menu's current item); past this the fragment starts over. A
# change of settings (the test suite) or of a translation catalogue on disk (the
# development server) forgets them (portal.cache.Remembered).
MOST_KEPT = 512


def _plain(name: str, value):
    if value is not None and not isinstance(value, str | int | bool):
        raise TemplateSyntaxError(
            f"per_language: {name} must be a string, a number or yes/no, "
            f"not {type(value).__name__}"
        )
    # A safe string and the same text unescaped do not render the same.
    return (isinstance(value, SafeData), value)


class PerLanguageNode(Node):
    # Rendered in a context of its own, a {% block %} inside could not be filled by
    # a page that extends the template: refused (below), so that {% extends %},
    # which looks for the blocks through every page's whole frame on each render,
    # need not look inside (half of the frame's nodes).
    child_nodelists = ()

    def __init__(self, nodelist, values: dict):
        if nodelist.get_nodes_by_type(BlockNode):
            raise TemplateSyntaxError("per_language: no {% block %} inside")
        self.nodelist = nodelist
        self.values = values
        self.kept = Remembered(most=MOST_KEPT)

    def render(self, context):
        values = {name: value.resolve(context) for name, value in self.values.items()}
        key = (
            get_language(),
            get_script_prefix(),
            context.autoescape,
            context.use_l10n,
            *(_plain(name, value) for name, value in values.items()),
        )
        html = self.kept.get(key)
        if html is None:
            html = self.render_own(context, values)
            self.kept.put(key, html)
        return html

    def render_own(self, context, values: dict):
        """The fragment rendered in a context holding only ``values``."""
        own = Context(
            values,
            autoescape=context.autoescape,
            use_l10n=context.use_l10n,
            use_tz=context.use_tz,
        )
        own.template = context.template
        return mark_safe(self.nodelist.render(own))  # noqa: S308 - rendered markup


_words = Remembered(most=MOST_KEPT * 4)


class Words:
    """``gettext = Words()``: the active language's words for markup written in
    Python (assignments.answer_box: some seventy a page). The language is read once,
    not at every word (each reading is a dozen Python calls through Django's
    translation layers), and each word is translated once per process and language.
    Name it ``gettext`` where it is called so that makemessages still finds the
    message ids."""

    __slots__ = ("language",)

    def __init__(self):
        self.language = get_language()

    def __call__(self, message: str) -> str:
        key = (self.language, message)
        text = _words.get(key)
        if text is None:
            with override(self.language):  # its own language, whatever is active
                text = gettext(message)
            _words.put(key, text)
        return text


def _content(name: str, value, models: tuple):
    """A named value of ``per_content`` as its key holds it: a row of a model the
    content's digest covers by its model and id (its values are in the digest),
    anything else as per_language takes it (a row of another model is refused: its
    values would be kept past their change, or be one person's)."""
    meta = getattr(value, "_meta", None)
    if meta is not None and hasattr(value, "pk"):
        if type(value) not in models:
            raise TemplateSyntaxError(
                f"per_content: {name} is a {meta.label}, which the content's "
                "digest does not cover"
            )
        return (meta.label, value.pk)
    return _plain(name, value)


def _own_fields(content) -> tuple:
    """The content's own stored values as this request read them (they may have
    been read before its digest was computed: see lessons.kept)."""
    return tuple(
        getattr(content, field.attname) for field in content._meta.concrete_fields
    )


class PerContentNode(PerLanguageNode):
    """``{% per_content lesson prompt=prompt %}``: markup that reads the same for
    everyone in a language, made from stored content whose digest is known
    (``content.content_digest``: a digest of every row the markup is made from,
    computed from the rows as they are now, as lessons.kept computes a lesson's;
    ``content.content_models``: the models whose rows it covers). Kept per process
    under that digest and the content's own field values as read: an edit anywhere
    in the content gives another digest, so a kept copy never outlives what it was
    made from. The fragment sees the content (by the tag's first name) and the
    values named, which may be rows the digest covers (kept by model and id) or
    plain values; never the request or the user. Without a digest (SQLite, a page
    that read the content itself, a change while it was read) it is rendered each
    time, in the same context of its own."""

    def __init__(self, nodelist, content_name: str, content, values: dict):
        super().__init__(nodelist, values)
        self.content_name = content_name
        self.content = content

    def render(self, context):
        content = self.content.resolve(context)
        values = {name: value.resolve(context) for name, value in self.values.items()}
        values[self.content_name] = content
        digest = getattr(content, "content_digest", None)
        if not digest:
            return self.render_own(context, values)
        models = tuple(getattr(content, "content_models", ()))
        key = (
            content._meta.label,
            digest,
            _own_fields(content),
            get_language(),
            get_script_prefix(),
            context.autoescape,
            context.use_l10n,
            *(
                (name, _content(name, value, models))
                for name, value in values.items()
                if name != self.content_name
            ),
        )
        html = self.kept.get(key)
        if html is None:
            html = self.render_own(context, values)
            self.kept.put(key, html)
        return html
