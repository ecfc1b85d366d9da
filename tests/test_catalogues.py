"""The translation catalogues of the public interface: complete, compiled, current.

Every string the public site or the tip pages show must be translated into every
language the site offers: an empty or fuzzy translation, a ``.mo`` file older than
its ``.po``, or a marked string missing from the catalogue fails here.
"""

import ast
import gettext
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(settings.BASE_DIR)
# The apps whose strings the public (and sources) read, each with its own catalogue.
PUBLIC_APPS = ("findings", "tips")
LANGUAGES = [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def read_po(path: Path) -> list[dict]:
    """The live entries of a .po file: msgid, msgid_plural, msgstr list and flags."""
    entries, entry, field = [], None, None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if entry is not None:
                entries.append(entry)
            entry, field = None, None
            continue
        if line.startswith("#~"):
            continue  # an obsolete entry
        if entry is None:
            entry = {"flags": set(), "msgid": "", "msgid_plural": None, "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            _append(entry, field, ast.literal_eval(line))
        else:
            keyword, _, value = line.partition(" ")
            field = keyword
            if keyword.startswith("msgstr"):
                index = int(keyword[7:-1]) if "[" in keyword else 0
                field = ("msgstr", index)
                entry["msgstr"][index] = ""
            elif keyword == "msgid_plural":
                entry["msgid_plural"] = ""
            _append(entry, field, ast.literal_eval(value))
    return entries


def _append(entry: dict, field, text: str) -> None:
    if isinstance(field, tuple):
        entry["msgstr"][field[1]] += text
    elif field == "msgctxt":
        entry["msgctxt"] = entry.get("msgctxt", "") + text
    else:
        entry[field] = (entry[field] or "") + text


def catalogue(app: str, language: str) -> Path:
    return ROOT / app / "locale" / language / "LC_MESSAGES" / "django.po"


def messages(path: Path) -> list[dict]:
    return [entry for entry in read_po(path) if entry["msgid"]]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("app", PUBLIC_APPS)
def test_every_string_is_translated_and_compiled(app, language):
    po = catalogue(app, language)
    entries = messages(po)
    compiled = gettext.GNUTranslations(po.with_suffix(".mo").open("rb"))

    assert entries, f"{po} holds no strings"
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == [], f"untranslated in {po}"
    assert fuzzy == [], f"fuzzy in {po}"
    header = read_po(po)[0]
    assert "fuzzy" not in header["flags"]
    assert f"Language: {language}\n" in header["msgstr"][0]
    for entry in entries:
        key = entry["msgid"]
        if "msgctxt" in entry:
            key = f"{entry['msgctxt']}\x04{key}"
        if entry["msgid_plural"] is None:
            assert compiled._catalog.get(key) == entry["msgstr"][0], (
                f"{po.with_suffix('.mo')} is out of date: run compilemessages"
            )
        else:
            for index, text in entry["msgstr"].items():
                assert compiled._catalog.get((key, index)) == text


@pytest.mark.parametrize("app", PUBLIC_APPS)
def test_the_catalogues_hold_every_marked_string(app, tmp_path):
    """makemessages run afresh over the app finds no string the catalogue lacks."""
    assert shutil.which("xgettext"), "GNU gettext is needed (apt-get install gettext)"
    copy = tmp_path / app
    shutil.copytree(ROOT / app, copy, ignore=shutil.ignore_patterns("__pycache__"))
    with override_settings(LOCALE_PATHS=[]), pytest.MonkeyPatch.context() as patch:
        patch.chdir(copy)
        call_command("makemessages", locale=LANGUAGES, verbosity=0)
    for language in LANGUAGES:
        fresh = {
            e["msgid"]
            for e in messages(copy / "locale" / language / "LC_MESSAGES" / "django.po")
        }
        kept = {e["msgid"] for e in messages(catalogue(app, language))}
        assert fresh - kept == set(), f"new strings: run `make messages` ({app})"
        assert kept - fresh == set(), f"stale strings: run `make messages` ({app})"
