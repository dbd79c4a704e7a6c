"""Clinical and service vocabulary that looks like a name but identifies nobody.

A stroke-care interview is full of capitalised words a names list or a small NER model reads as
people and places: eponymous signs, scales and syndromes (`Babinski`, `Parkinson's`, the
`Modified Ashworth scale`, the `Glasgow Coma Scale`), reports named after their chairs (the
`Francis report`), RAG ratings (`we went Amber`), months and weekdays, and national bodies and
programmes (`Sentinel Stroke National Audit Programme`). `clinical_spans` finds such phrases so
the gate can drop name findings inside them; `is_service_word` says which single words are never
a name on their own; `is_national_body` recognises a body by its shape, so the `allow` list does
not have to name every one.
"""

from __future__ import annotations

import re
from functools import lru_cache


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one string (lists here are long and read as prose)."""
    return frozenset(words.split())


EPONYMS = word_set(
    """
    Addenbrooke Addison Alzheimer Apgar Asperger Ashworth Babinski Bamford Barthel Beck Bell
    Berg Bobath Borg Braden Broca Brudzinski Caldicott Charcot Cheyne Crohn Cushing Darzi
    Deming Down Dunning Epworth Folstein Francis Frenchay Fugl Gillick Glasgow Gowers Graves
    Griffiths Guillain Hamilton Hashimoto Hawthorne Hodgkin Hoffmann Homans Horner Huntington
    Ishihara Katz Keogh Kernig Kirkup Korsakoff Kotter Kruger Lawton Lewin Lewy Likert Lhermitte
    Maslow Marmot Menière Meniere Morse Nightingale Norton Ockenden Parkinson Pick Raynaud
    Rankin Rivermead Rockwood Romberg Rosier Shewhart Snellen Stroop Tinetti Todd Tourette
    Trendelenburg Waterlow Wechsler Wernicke Willis Wilson
    """
)
"""Names that, before a clinical head word, stand for a sign, scale, syndrome, model or report."""

STANDALONE_EPONYMS = word_set(
    """
    Alzheimer Apgar Ashworth Asperger Babinski Barthel Bobath Braden Broca Brudzinski Caldicott
    Charcot Crohn Cushing Darzi Epworth Folstein Fugl Gillick Gowers Guillain Hashimoto Hodgkin
    Hoffmann Homans Huntington Ishihara Kernig Kirkup Korsakoff Lewy Lhermitte Likert Ockenden
    Parkinson Rankin Raynaud Rivermead Rockwood Romberg Snellen Stroop Tinetti Tourette
    Trendelenburg Waterlow Wechsler Wernicke
    """
)
"""Eponyms that are clinical even on their own (`a Barthel of 40`, `with Parkinson's`)."""

HEADS = (
    r"scales?|scores?|index|indices|charts?|tests?|screens?|screening|examination|assessment|"
    r"tools?|criteria|classification|system|questionnaire|inventory|measure|protocol|pathway|"
    r"signs?|syndrome|disease|reflex(?:es)?|palsy|paresis|manoeuvre|maneuver|procedure|method|"
    r"model|approach|concept|principles?|guardian|competence|report|review|inquiry|"
    r"recommendations|hierarchy|cycle|effect|body|bodies|aphasia|area|phenomenon|"
    r"respiration|breathing|curve|law|stages?|dementia|ataxia|hypothesis"
)
"""Words that make the capitalised words before them the name of a clinical thing."""

_CAPITAL_WORD = r"[A-Z][\w’'-]*(?:['’]s)?"
CLINICAL_PHRASE = re.compile(
    rf"\b(?:{_CAPITAL_WORD}(?: (?:and|of|&|for))?[ -]){{1,6}}(?i:{HEADS})\b"
)
"""`Modified Ashworth scale`, `Glasgow Coma Scale`, `Bell's palsy`, `the Francis report`."""

MODIFIERS = word_set(
    "Modified Revised Extended Abbreviated Short Mini National Oxford Nottingham Bristol "
    "Manchester Edinburgh Birmingham Boston Hospital Clinical Functional Motor Balance Coma "
    "Stroke Activities Mobility Cognitive Depression Anxiety Frailty Pain Falls Risk"
)
"""Capitalised words that make a phrase before a clinical head a named instrument."""

EPONYM_ALONE = re.compile(
    r"\b(?:"
    + "|".join(sorted(STANDALONE_EPONYMS, key=len, reverse=True))
    + r")(?:['’]s)?(?![\w’'-])"
)
"""An eponym on its own (`a Barthel of 40`, `patients with Parkinson's`)."""

CLINICAL_TERMS = re.compile(
    r"\b(?:Guillain[- ]Barr[ée]|Creutzfeldt[- ]Jakob|Fugl[- ]Meyer|Kübler[- ]Ross|"
    r"Cheyne[- ]Stokes|Mini[- ]Mental|Plan[- ]Do[- ]Study[- ]Act|Duty of Candour|"
    r"modified Rankin|Rankin|NIHSS|MoCA|ACE[- ]III)\b",
    re.I,
)


def clinical_spans(text: str) -> list[tuple[int, int]]:
    """Spans of clinical and eponymous phrases: name findings inside them are dropped."""
    spans: list[tuple[int, int]] = []
    for pattern in (CLINICAL_PHRASE, EPONYM_ALONE, CLINICAL_TERMS):
        for match in pattern.finditer(text):
            if pattern is CLINICAL_PHRASE and not _phrase_is_clinical(match.group()):
                continue
            spans.append(match.span())
    return sorted(spans)


_SIGN_HEAD = re.compile(
    r"signs?|syndrome|disease|palsy|reflex(?:es)?|paresis|aphasia|manoeuvre|maneuver|"
    r"phenomenon|scales?|scores?|index|criteria|classification|dementia|ataxia|respiration"
)
"""Heads that make any capitalised word before them an eponym (`Hoover sign`), though not a
possessive (`Funmi's score` is hers)."""


def _phrase_is_clinical(phrase: str) -> bool:
    """A capitalised phrase before a clinical head names an instrument, sign or report when the
    head is capitalised too (`Glasgow Coma Scale`), an eponym or a modifier is in it
    (`Modified Ashworth scale`, `Bell's palsy`); never when it names a hospital (`Royal Derby
    Hospital stroke pathway`) or is one person's possessive (`Funmi's review`)."""
    if re.search(r"(?<!^)\b(?:Hospitals?|Infirmary|Trust|Ward|Surgery)\b", phrase):
        return False
    *words, head = re.split(r"[ -]", phrase)
    names = [re.sub(r"['’]s$", "", word) for word in words]
    if head[:1].isupper() or any(w in EPONYMS or w in MODIFIERS for w in names):
        return True
    return _SIGN_HEAD.fullmatch(head.lower()) is not None and not words[-1].endswith(("'s", "’s"))


MONTHS = word_set(
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
)
WEEKDAYS = word_set(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Tues Wed Thu Thur Thurs "
    "Fri Sat Sun Mondays Tuesdays Wednesdays Thursdays Fridays Saturdays Sundays"
)
RAG = word_set("Red Amber Green Blue Black Gold Silver Bronze Purple White Grey")
SEASONS_AND_FESTIVALS = word_set(
    "Spring Summer Autumn Winter Christmas Easter Eid Diwali Ramadan Hanukkah Advent Lent "
    "Bank Holiday"
)
SERVICE_WORDS = word_set(
    """
    Sister Matron Nurse Doctor Consultant Registrar Ward Unit Trust Board Team Lead Manager
    Director Chief Executive Officer Chair Governor Council Health Care Clinic Clinical Service
    Services Stroke Acute Hyperacute Rehab Rehabilitation Therapy Therapist Physio Speech
    Language Occupational Dietitian Pharmacy Pharmacist Radiology Emergency Department Medical
    Medicine Surgery Surgical General Royal Queen Queens King Kings Prince Princess Saint Baby
    Community Primary Secondary Tertiary National Regional Local County City District Network
    Alliance Collaborative Faculty Programme Program Project Audit Quality Improvement Safety
    Patient Patients Family Carer Carers Staff Band Grade Junior Senior Associate Specialist
    Deputy Assistant Advanced Practitioner Assessor Coordinator Navigator Champion Fellow
    Academic Research University College School Institute Foundation Association Society
    Charity Commissioner Commissioning Integrated Partnership Dashboard Data Excel Teams Zoom
    Covid Coronavirus Lockdown Monday Friday God Lord Jesus Christ Allah Mum Mam Mother Dad
    Father Nan Nana Gran Granny Grandad Auntie Uncle Sir Madam Doc Boss Mate Love Darling
    English British Welsh Scottish Irish Polish Nigerian Indian Asian African European
    Caribbean Muslim Hindu Sikh Christian Catholic Jewish Chinese Romanian Ghanaian Pakistani
    Bangladeshi Filipino Portuguese Spanish Italian French German Lithuanian Latvian
    North South East West Northern Southern Eastern Western Central Midlands Highlands
    """
)
"""Capitalised words of health-service talk that are names in some list but never here on
their own: titles, roles, places in a hospital, nationalities, compass points, family words."""


def is_service_word(word: str) -> bool:
    """A word that is never a person's or place's name on its own in this talk."""
    word = re.sub(r"['’]s?$", "", word)
    return (
        word in SERVICE_WORDS
        or word in MONTHS
        or word in WEEKDAYS
        or word in RAG
        or word in SEASONS_AND_FESTIVALS
        or word in STANDALONE_EPONYMS
    )


NATIONAL_MARKERS = re.compile(
    r"\b(?:National|NHS|England|English|British|Britain|UK|United Kingdom|Scottish|Scotland|"
    r"Welsh|Wales|Irish|Ireland|Northern Ireland|Royal Colleges?|Department|Ministry|"
    r"Commission|Institute|Association|Society|Federation|Confederation|Council for|"
    r"Alliance|Charity|Programme|Program|Audit|Agency|Executive|Government|Parliament|"
    r"Office|Network|Foundation|Fund|Academy|Collaboration|Consortium|Initiative|Campaign|"
    r"Register|Registry|Partnership|Inquiry|Review|Guidelines?|Framework|Standards?|Plan|"
    r"Working Party|Working Group|Task ?[Ff]orce|Committee|Intercollegiate|Board of)\b"
)
"""Words a national body's or programme's name carries (`Sentinel Stroke National Audit
Programme`, `Stroke Association`, `Royal College of Physicians`)."""


_REGION = re.compile(r"\b(?:North|South|East|West|Midlands|Northern|Southern|Eastern|Western)\b")


def is_national_body(phrase: str, local: frozenset[str] | set[str] = frozenset()) -> bool:
    """Is `phrase` (an organisation's name) a national body or programme rather than a local
    organisation that identifies a site? It must carry a national marker and no word from
    `local` (place and person names: `Leeds Teaching Hospitals NHS Trust` names Leeds)."""
    if not NATIONAL_MARKERS.search(phrase):
        return False
    if re.search(r"\b(?:Hospitals?|Infirmary|Trust|Health Board|Hospice|Surgery)\b", phrase):
        return False
    if _REGION.search(phrase.replace("Northern Ireland", "")):
        return False
    words = re.findall(r"[A-Z][\w’'-]*", phrase)
    return not any(re.sub(r"['’]s$", "", word) in local for word in words)


_PHRASE = re.compile(r"(?:[A-Z][\w’'&-]*)(?:(?: (?:of|and|for|the|on|in|&))* [A-Z][\w’'&-]*)*")


def national_spans(text: str, local: frozenset[str] | set[str]) -> list[tuple[int, int]]:
    """Spans of capitalised phrases shaped like a national body or programme
    (`Royal College of Speech and Language Therapists`, `Healthcare Improvement Scotland`)."""
    return [
        match.span()
        for match in _PHRASE.finditer(text)
        if " " in match.group() and is_national_body(match.group(), local)
    ]


@lru_cache(maxsize=1)
def clinical_acronyms() -> frozenset[str]:
    """Acronyms of clinical and service talk; a hospital's initials are anything else in the
    places a hospital's initials stand (see `qualframe.gate.hospitals`)."""
    return word_set(
        """
        AHP AKI AMU ASU BMI BP CCG CCU CEO CHD COPD CPR CQC CQUIN CT CTA DNACPR DNR DVT ECG ED
        EEG ESD FAST GCS GI GIRFT GP GPs HASU HCA HDU HR ICB ICS ICU IHI IT ITU IV KPI KPIs MAU
        MDT MDTs MI MRI MRSA MS NEWS NG NHS NICE NIHR NIHSS OPD OT OTs PA PALS PCI PCN PDSA PE
        PEG PT QI QIP RAG RCN RCP SALT SAU SDEC SLT SSNAP STEMI NSTEMI TIA TIAs UTI VTE WTE
        A&E ACE HEE NHSE NHSI PHE UKHSA ONS DHSC CSP RCOT BASP BGS BHF SU HR OK TV UK USA EU
        AF CVA ICH SAH LP CSF OCSP TACI PACI LACI POCI ABCD FAST TOAST AI PhD MSc BSc NVQ
        """
    )
