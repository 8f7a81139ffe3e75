"""Reading a page's forms the way a browser would, for the probes that fill them."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    action: str
    method: str
    # name -> the value the page puts there (hidden fields, the first option, ...)
    values: dict[str, str] = field(default_factory=dict)
    # the fields a person types into (text, textarea, search, url, ...)
    typed: list[str] = field(default_factory=list)
    enctype: str = ""


TYPED = {"text", "search", "url", "email", "tel", ""}


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            method = a.get("method", "get").lower()
            self.forms.append(
                Form(a.get("action", ""), method, enctype=a.get("enctype", ""))
            )
            return
        if not self.forms or not a.get("name"):
            return
        form, name = self.forms[-1], a["name"]
        if tag == "input":
            self._input(form, name, a)
        elif tag == "textarea":
            form.values.setdefault(name, "")
            form.typed.append(name)
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select:
            form.values.setdefault(self._select, a.get("value", ""))

    @staticmethod
    def _input(form: Form, name: str, a: dict) -> None:
        kind = a.get("type", "text").lower()
        if kind in {"checkbox", "radio"}:
            if "checked" in a or name not in form.values:
                form.values.setdefault(name, a.get("value", "on"))
        elif kind == "submit":
            form.values.setdefault(name, a.get("value", ""))
        elif kind not in {"button", "file", "image", "reset"}:
            form.values.setdefault(name, a.get("value", ""))
            if kind in TYPED:
                form.typed.append(name)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def forms_of(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms
