"""Every interface string has its Danish translation, compiled and committed."""

import gettext
import re
from pathlib import Path

from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "config" / "locale" / "da" / "LC_MESSAGES"
ENTRY = re.compile(
    r'^((?:#.*\n)*)(?:msgctxt ((?:".*"\n)+))?msgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)', re.MULTILINE
)


def _text(lines: str) -> str:
    return "".join(re.findall(r'"(.*)"', lines))


def test_danish_catalogue_is_complete_and_compiled() -> None:
    source = (CATALOGUE / "django.po").read_text(encoding="utf-8")
    entries = [
        (flags, _text(context), _text(msgid), _text(msgstr))
        for flags, context, msgid, msgstr in ENTRY.findall(source)
    ]
    messages = [entry for entry in entries if entry[2]]
    assert len(messages) > 200
    untranslated = [msgid for _, _, msgid, msgstr in messages if not msgstr]
    fuzzy = [msgid for flags, _, msgid, _ in messages if "fuzzy" in flags]
    assert untranslated == []
    assert fuzzy == []
    # The compiled catalogue says the same as the source: nobody forgot compilemessages.
    with (CATALOGUE / "django.mo").open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)
    stale = [
        msgid
        for _, context, msgid, msgstr in messages
        if (translations.pgettext(context, msgid) if context else translations.gettext(msgid))
        != msgstr
    ]
    assert stale == []
