"""The judged query set: queries people type, in each language, and the demo entries that answer them.

Each judgement is (language, query, relevant entry ids). The entry ids are the demo entries' stable
ids (translation keys); the first-named entry is the one a person most expects. The set covers
inflected forms, compounds, typos, abbreviations, names in other languages and descriptive questions.
"""

LETS_TALK = "67e41f0e-bc3b-49fd-b8f4-03a22669f6dc"
FAMILY_TALK = "29f62f90-6fcd-4df2-bbc1-fd28a85b4aaf"
INCREDIBLE_YEARS = "8a365b2f-1e4a-482c-b5a6-3834aece79ae"
KIVA = "eef47340-6f09-43e3-bba6-b3bb622839c2"
THERAPLAY = "7a57406f-b4f9-4477-be94-771e5fc7a403"
MST = "dc3fb001-ac8c-4592-b14f-11323426c890"
FFT = "ec524e04-0280-4168-b216-20f2717f3266"
MDFT = "8de76675-cf0c-4d2b-a5f6-0f5047cc3f29"
STRONGEST_FAMILIES = "108419ae-507c-45c6-b860-67013ec46841"
PARENTS_FIRST = "becec0eb-a844-43d9-89ec-9ec58a015b8f"
FAMILY_CENTRE = "e636a082-b442-4236-ad6d-ba42fb2fcfe4"
SYSTEMIC = "7d4b2ac0-0437-4607-9e77-e12301257fa8"

JUDGEMENTS: list[tuple[str, str, tuple[str, ...]]] = [
    # --- Finnish
    ("fi", "perhekeskuksessa", (FAMILY_CENTRE,)),  # inflected
    ("fi", "perhekeskuksia", (FAMILY_CENTRE,)),
    ("fi", "koulukiusaaminen", (KIVA,)),  # compound
    ("fi", "kiusaamisen ehkäisy koulussa", (KIVA,)),
    ("fi", "Lapset puheeksi", (LETS_TALK, FAMILY_TALK)),
    ("fi", "LP-perheinterventio", (FAMILY_TALK,)),
    ("fi", "Ihmeellisten vuosien ryhmä", (INCREDIBLE_YEARS,)),
    ("fi", "Incredable Years", (INCREDIBLE_YEARS,)),  # typo in an other-language name
    ("fi", "multisysteemistä terapiaa", (MST,)),
    ("fi", "MST", (MST,)),  # abbreviation
    ("fi", "FFT", (FFT,)),
    ("fi", "päihteitä käyttävän nuoren perheterapia", (MDFT, FFT, MST)),  # descriptive
    ("fi", "vuorovaikutushoito", (THERAPLAY,)),
    ("fi", "teraplay", (THERAPLAY,)),  # typo
    ("fi", "voimaperheet", (STRONGEST_FAMILIES,)),
    ("fi", "digitaalinen vanhemmuusohjelma", (STRONGEST_FAMILIES,)),
    ("fi", "vauvaperheiden perheryhmä", (PARENTS_FIRST,)),
    ("fi", "vahvuutta vanhemmuuteen", (PARENTS_FIRST,)),
    ("fi", "lastensuojelun systeeminen malli", (SYSTEMIC,)),
    ("fi", "Hackney-malli", (SYSTEMIC,)),
    ("fi", "masentuneen vanhemman lapsen tukeminen", (FAMILY_TALK, LETS_TALK)),  # descriptive
    ("fi", "family centre", (FAMILY_CENTRE,)),  # English name
    ("fi", "Föra barnen på tal", (LETS_TALK, FAMILY_TALK)),  # Swedish name
    ("fi", "lastensuojelu systeeminen", (SYSTEMIC,)),
    # --- Swedish
    ("sv", "familjecenter", (FAMILY_CENTRE,)),  # alternative name
    ("sv", "familjecentrets tjänster", (FAMILY_CENTRE,)),  # inflected
    ("sv", "Lapset puheeksi", (LETS_TALK, FAMILY_TALK)),  # Finnish name
    ("sv", "Föra barnen på tal", (LETS_TALK, FAMILY_TALK)),
    ("sv", "familjeintervention", (FAMILY_TALK,)),
    ("sv", "skolmobbning", (KIVA,)),
    ("sv", "mobbning i skolan", (KIVA,)),
    ("sv", "KiVa Skola", (KIVA,)),
    ("sv", "De otroliga åren", (INCREDIBLE_YEARS,)),
    ("sv", "Incredible Years", (INCREDIBLE_YEARS,)),  # English name
    ("sv", "multisystemisk terapi", (MST,)),
    ("sv", "funktionell familjeterapi", (FFT,)),
    ("sv", "familjeterapi för unga med missbruk", (MDFT, FFT)),  # descriptive
    ("sv", "MDFT", (MDFT,)),
    ("sv", "interaktionsbehandling", (THERAPLAY,)),
    ("sv", "Theraplay", (THERAPLAY,)),
    ("sv", "digitalt föräldrastöd", (STRONGEST_FAMILIES,)),
    ("sv", "Strongest Families", (STRONGEST_FAMILIES,)),
    ("sv", "familjegrupper för spädbarnsfamiljer", (PARENTS_FIRST,)),
    ("sv", "systemiskt barnskydd", (SYSTEMIC,)),
    ("sv", "Hackney", (SYSTEMIC,)),
    ("sv", "barnskyd", (SYSTEMIC,)),  # typo
    ("sv", "stöd till barn vars förälder har psykisk ohälsa", (FAMILY_TALK, LETS_TALK)),
    ("sv", "multisystemik terapi", (MST,)),  # typo
    # --- English
    ("en", "family centre", (FAMILY_CENTRE,)),
    ("en", "family centres", (FAMILY_CENTRE,)),  # inflected
    ("en", "family center", (FAMILY_CENTRE,)),  # spelling variant
    ("en", "Let's Talk about Children", (LETS_TALK,)),
    ("en", "Lapset puheeksi", (LETS_TALK, FAMILY_TALK)),  # Finnish name
    ("en", "Family Talk", (FAMILY_TALK,)),
    ("en", "support for children of a parent with depression", (FAMILY_TALK, LETS_TALK)),
    ("en", "Incredable Years", (INCREDIBLE_YEARS,)),  # typo
    ("en", "Incredible Years parenting group", (INCREDIBLE_YEARS,)),
    ("en", "anti-bullying programme", (KIVA,)),
    ("en", "bullying in schools", (KIVA,)),
    ("en", "KiVa", (KIVA,)),
    ("en", "Multisystemic Therapy", (MST,)),
    ("en", "MST", (MST,)),  # abbreviation
    ("en", "functional family therapy", (FFT,)),
    ("en", "family therapy for young people with substance use", (MDFT, FFT, MST)),
    ("en", "multidimensional", (MDFT,)),
    ("en", "attachment-based play therapy", (THERAPLAY,)),
    ("en", "Theraplay", (THERAPLAY,)),
    ("en", "Strongest Families", (STRONGEST_FAMILIES,)),
    ("en", "online parenting programme with coaching calls", (STRONGEST_FAMILIES,)),
    ("en", "group for parents of babies", (PARENTS_FIRST,)),
    ("en", "systemic child protection", (SYSTEMIC,)),
    ("en", "Reclaming Social Work", (SYSTEMIC,)),  # typo
    ("en", "Ihmeelliset vuodet", (INCREDIBLE_YEARS,)),  # Finnish name
]
