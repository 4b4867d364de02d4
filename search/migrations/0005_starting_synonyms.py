"""A starting synonym vocabulary for the demo domain, from the project's glossary of fi/sv/en terms
(variants of one term mean the same) and the words professionals use for the topics.

Editors keep it from here on (Snippets → Synonyms). Facet labels need no rows: the labels of a
facet value in all three languages count as synonyms of each other at query time.
"""

from django.db import migrations

# (language, terms, expands_to): an empty `expands_to` makes the terms equivalent.
STARTING_SYNONYMS = [
    # --- Finnish
    ("fi", "näyttö, vaikuttavuus", ""),
    ("fi", "perusopetus, koulu", ""),
    ("fi", "päihteet, päihteiden käyttö, päihdeongelma", ""),
    ("fi", "ero, eroauttaminen, avioero", ""),
    ("fi", "kiusaaminen, koulukiusaaminen", ""),
    ("fi", "verkossa, etänä", ""),
    ("fi", "vanhemmuus, vanhemmuuden tuki", ""),
    ("fi", "käytösongelmat, käytöshäiriö, käyttäytymisongelmat", ""),
    ("fi", "masennus, masentunut", "mielenterveysongelmat, mielialahäiriö"),
    ("fi", "lähisuhdeväkivalta, perheväkivalta", ""),
    ("fi", "arviointi, arvio", ""),
    # --- Swedish (as spoken in Finland)
    ("sv", "evidens, effekt", ""),
    ("sv", "grundläggande utbildning, skola", ""),
    ("sv", "familjecentrum, familjecenter", ""),
    ("sv", "rusmedel, missbruk", ""),
    ("sv", "skilsmässa, separation, separationshjälp", ""),
    ("sv", "mobbning, skolmobbning", ""),
    ("sv", "på nätet, på distans", ""),
    ("sv", "föräldraskap, stöd i föräldraskapet", ""),
    ("sv", "bedömning, utvärdering", ""),
    ("sv", "elevhälsa, elev- och studerandevård", ""),
    ("sv", "uppförandeproblem, beteendeproblem, uppförandestörning", ""),
    ("sv", "depression, deprimerad", "psykisk ohälsa, nedstämdhet"),
    ("sv", "våld i nära relationer, familjevåld", ""),
    # --- English
    ("en", "evidence, effectiveness", ""),
    ("en", "young people, adolescents, teenagers", ""),
    ("en", "basic education, school", ""),
    ("en", "family centre, family center", ""),
    ("en", "child protection, child welfare", ""),
    ("en", "separation, divorce, separation support", ""),
    ("en", "bullying, school bullying", ""),
    ("en", "online, remote", ""),
    ("en", "parenting, parenting support", ""),
    ("en", "assessment, evaluation", ""),
    ("en", "conduct disorder, conduct problems, behaviour problems", ""),
    ("en", "depressed, depression, mental illness", ""),
    ("en", "substance use, substance misuse, substance abuse", ""),
    ("en", "violence in close relationships, domestic violence", ""),
]


def add(apps, schema_editor):
    Synonym = apps.get_model("methods_search", "Synonym")
    for language, terms, expands_to in STARTING_SYNONYMS:
        Synonym.objects.get_or_create(language=language, terms=terms, expands_to=expands_to)


def remove(apps, schema_editor):
    Synonym = apps.get_model("methods_search", "Synonym")
    for language, terms, expands_to in STARTING_SYNONYMS:
        Synonym.objects.filter(language=language, terms=terms, expands_to=expands_to).delete()


class Migration(migrations.Migration):
    dependencies = [("methods_search", "0004_sectioned_text_search")]

    operations = [migrations.RunPython(add, remove)]
