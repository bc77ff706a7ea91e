"""Every interface string has its Danish translation, compiled and committed."""

import gettext
import re
from pathlib import Path

from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "config" / "locale" / "da" / "LC_MESSAGES"
ENTRY = re.compile(r'^((?:#.*\n)*)msgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)', re.MULTILINE)


def _text(lines: str) -> str:
    return "".join(re.findall(r'"(.*)"', lines))


def test_danish_catalogue_is_complete_and_compiled() -> None:
    source = (CATALOGUE / "django.po").read_text(encoding="utf-8")
    entries = [
        (flags, _text(msgid), _text(msgstr)) for flags, msgid, msgstr in ENTRY.findall(source)
    ]
    messages = [entry for entry in entries if entry[1]]
    assert len(messages) > 200
    untranslated = [msgid for _, msgid, msgstr in messages if not msgstr]
    fuzzy = [msgid for flags, msgid, _ in messages if "fuzzy" in flags]
    assert untranslated == []
    assert fuzzy == []
    # The compiled catalogue says the same as the source: nobody forgot compilemessages.
    with (CATALOGUE / "django.mo").open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)
    stale = [msgid for _, msgid, msgstr in messages if translations.gettext(msgid) != msgstr]
    assert stale == []
