"""A judged query set of what professionals type: their own words for a condition, synonyms,
several names at once, and words found only in an entry's evidence text (its studies, authors and
the conditions they measured). Each judgement is (language, query, relevant entry ids).
"""

from tests.search.judgements import (
    FAMILY_CENTRE,
    FAMILY_TALK,
    FFT,
    INCREDIBLE_YEARS,
    KIVA,
    LETS_TALK,
    MDFT,
    MST,
    STRONGEST_FAMILIES,
    THERAPLAY,
)

PARENT_DEPRESSION = (LETS_TALK, FAMILY_TALK)
CONDUCT_PROBLEMS = (INCREDIBLE_YEARS, STRONGEST_FAMILIES, MST, FFT, MDFT)
SUBSTANCE_USE = (MDFT, FFT, MST)

PROFESSIONAL_JUDGEMENTS: list[tuple[str, str, tuple[str, ...]]] = [
    # --- Finnish
    ("fi", "masennus", PARENT_DEPRESSION),  # a condition, through the synonym vocabulary
    ("fi", "masentunut vanhempi", PARENT_DEPRESSION),
    ("fi", "mielialahäiriö", PARENT_DEPRESSION),  # only in the evidence text
    ("fi", "käytöshäiriö", CONDUCT_PROBLEMS),  # a synonym of the topic
    ("fi", "päihdeongelma", SUBSTANCE_USE),
    ("fi", "perheväkivalta", (FAMILY_CENTRE,)),
    ("fi", "MST FFT MDFT", (MST, FFT, MDFT)),  # several names
    ("fi", "KiVa ja Theraplay", (KIVA, THERAPLAY)),
    ("fi", "Solantaus", PARENT_DEPRESSION),  # the author of the studies
    ("fi", "INCANT-tutkimus", (MDFT,)),
    ("fi", "Sourander", (STRONGEST_FAMILIES,)),
    ("fi", "kannabis", (MDFT,)),  # evidence text, inflected there
    # --- Swedish
    ("sv", "uppförandeproblem", CONDUCT_PROBLEMS),
    ("sv", "uppförandestörning", (INCREDIBLE_YEARS, *CONDUCT_PROBLEMS[1:])),
    ("sv", "depression", PARENT_DEPRESSION),
    ("sv", "deprimerad förälder", PARENT_DEPRESSION),
    ("sv", "förstämningssjukdom", PARENT_DEPRESSION),  # only in the evidence text
    ("sv", "familjevåld", (FAMILY_CENTRE,)),
    ("sv", "MST FFT MDFT", (MST, FFT, MDFT)),
    ("sv", "KiVa och Theraplay", (KIVA, THERAPLAY)),
    ("sv", "Solantaus", PARENT_DEPRESSION),
    ("sv", "INCANT", (MDFT,)),
    ("sv", "Sourander", (STRONGEST_FAMILIES,)),
    ("sv", "blyga barn", (THERAPLAY,)),
    # --- English
    ("en", "depression", PARENT_DEPRESSION),
    ("en", "depressed parent", PARENT_DEPRESSION),
    ("en", "mood disorder", PARENT_DEPRESSION),  # only in the evidence text
    ("en", "conduct disorder", CONDUCT_PROBLEMS),
    ("en", "substance abuse", SUBSTANCE_USE),
    ("en", "domestic violence", (FAMILY_CENTRE,)),
    ("en", "MST FFT MDFT", (MST, FFT, MDFT)),
    ("en", "KiVa and Theraplay", (KIVA, THERAPLAY)),
    ("en", "Solantaus", PARENT_DEPRESSION),
    ("en", "INCANT trial", (MDFT,)),
    ("en", "Sourander", (STRONGEST_FAMILIES,)),
    ("en", "shy withdrawn children", (THERAPLAY,)),
]
