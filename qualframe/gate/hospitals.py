"""Hospitals and trusts by nickname or initials, and wards named after people.

Staff rarely say `Leeds General Infirmary`: they say `the LGI`, `over at the General`,
`Addenbrooke's`, `ULHT`, and `we were on Nightingale ward`. The rules of
`qualframe.gate.identifiers` catch names ending in Hospital or Trust; these catch the rest:
a list of well-known nicknames, initials in the places a hospital's initials stand (`at the
QMC`) or shaped like a trust's (`ULHT`, `NUH`) unless they are clinical acronyms, and a ward,
unit or wing named by a word that is not a clinical one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from qualframe.gate.clinical import clinical_acronyms, is_service_word, word_set
from qualframe.gate.identifiers import Finding

NICKNAMES = (
    "Addenbrooke's|Addenbrookes|Barts|Guy's|Tommy's|St Thomas'|Ninewells|Southmead|Frenchay|"
    "Derriford|Treliske|Musgrove|Morriston|Glan Clwyd|Ysbyty Gwynedd|Altnagelvin|Craigavon Area|"
    "Antrim Area|the Mater|Beaumont|Tallaght|Crosshouse|Raigmore|Wishaw|Hairmyres|Monklands|"
    "Stobhill|Gartnavel|Yorkhill|Pinderfields|Jimmy's|the Jimmy|Wythenshawe|Hope Hospital|"
    "the Heath|the Royal Vic|the RVI|the Freeman|the Whittington|the Radcliffe|the John Radcliffe|"
    "the JR|the Alex|the QE|the QEUH|the Queen Liz|the Queen Lizzie|the QA|the QMC|the LGI|the LRI|"
    "the BRI|the GRI|the ARI|the ERI|the RIE|the UHW|the NNUH|the Norfolk and Norwich|"
    "the Royal Free|"
    "the Royal London|the Royal Infirmary|the Infirmary|the General|the Northern General|"
    "the Western General|the Southern General|the Western|the Royal|the Gen|the Queens|the Vic|"
    "the Princess Royal|the Countess|the Walton|the Salford Royal|the Lister|the Ulster|"
    "the County|the Memorial|the Maelor|the Cottage|the District"
)
_NICKNAME = re.compile(rf"(?<![\w])(?:{NICKNAMES})(?![\w])")
_INITIALS = re.compile(r"(?<![\w&])[A-Z][A-Z&]{1,5}(?![\w&])")
_CONTEXT = re.compile(
    r"(?:\b(?:at|to|from|in|into|with|over at|down at|up at|across at|join(?:ed)?) the|"
    r"\b(?:at|to|from|joined|left))\s+$"
)
_TRUST_SHAPE = re.compile(r"[A-Z&]{1,4}(?:HT|FT|NHS|H|T|I|UH|HB)")
"""Initials shaped like a trust's or health board's: `ULHT`, `NUH`, `LGI`, `SBUHB`."""
_WARD = re.compile(
    r"(?<![\w])(?P<name>(?:[A-Z][\w’'-]+ ){1,3})(?P<head>[Ww]ard|[Uu]nit|[Ww]ing|[Ss]uite|"
    r"[Ll]odge|[Bb]uilding|[Cc]entre)\b"
)
WARD_WORDS = word_set(
    """
    Acute Assessment Intensive Care Discharge Day Coronary Renal Elderly Frailty Rehab
    Rehabilitation Therapy Admissions Admission Observation Short Stay Same Emergency Medical
    Surgical Maternity Neonatal Children's Childrens Outpatient Outpatients Inpatient Stroke
    Hyperacute Hyper High Dependency Critical Respiratory Cardiac Neuro Neurology Neurosciences
    Orthopaedic Trauma Oncology Cancer Dialysis Endoscopy Cardiology Haematology Older People's
    Adult Adults Women's Mental Health Psychiatric Community Step Down Transfer Clinical Decision
    Ambulatory Minor Injuries Urgent Treatment Research Education Training Simulation Main Old
    New North South East West Central The A B C D The Our Your Their This That Each Every
    Private Isolation Side Escalation Recovery Theatre Theatres Day-case Specialist Unit Ward
    """
)


def hospital_findings(text: str) -> Iterator[Finding]:
    """Nicknames, initials and named wards in `text`."""
    for match in _NICKNAME.finditer(text):
        start = match.start() + (4 if match.group().startswith("the ") else 0)
        yield Finding(start, match.end(), "hospital", "rule", "rule: hospital nickname")
    acronyms = clinical_acronyms()
    for match in _INITIALS.finditer(text):
        word = match.group()
        if word in acronyms or word.rstrip("s") in acronyms:
            continue
        cued = _CONTEXT.search(text, max(0, match.start() - 16), match.start()) is not None
        if cued or (len(word) >= 3 and _TRUST_SHAPE.fullmatch(word)):
            yield Finding(*match.span(), "hospital", "rule", "rule: hospital initials")
    for match in _WARD.finditer(text):
        words = re.split(r"[ -]+", match.group("name").strip())
        if all(word in WARD_WORDS or is_service_word(word) for word in words):
            continue
        if text.startswith(" round", match.end()) or text.startswith(" rounds", match.end()):
            continue  # a ward round, not a ward
        yield Finding(*match.span(), "hospital", "rule", "rule: named ward or unit")
