"""The language of a passage or of its translation: a code Django knows
(django.conf.locale.LANG_INFO: "en", "es", "pt-br", "zh-hans", "ar", …), so a page
can say its name in the reader's language and mark the words with ``lang``."""

from django.utils.translation import get_language, get_language_info

LANGUAGE_CODE_MAX = 16
# Languages that write the names of languages in lower case inside a sentence
# ("la traducción al español"), where Django's own list capitalises them.
LOWER_CASE_NAMES = {"es", "fr", "it", "pt", "ca", "gl"}


def language_known(code: str) -> bool:
    try:
        get_language_info(code)
    except KeyError:
        return False
    return True


def language_name(code: str) -> str:
    """The language's name in the reader's language ("Spanish", "español"…)."""
    try:
        name = str(get_language_info(code)["name_translated"])
    except KeyError:
        return code
    if (get_language() or "").split("-")[0] in LOWER_CASE_NAMES:
        return name[:1].lower() + name[1:]
    return name
