"""What other registries' labels mean, in the reader's language.

A registry's own label is kept as it gives it (and quoted); `explain()` adds what it means on
that registry's scale, so that "Promising" or "Vahva dokumentoitu näyttö" reads the same to a
Swedish or English reader as to the registry's own.
"""

import re

from django.utils.translation import gettext as _

from .evidence import Registry

_CEBC = {
    "1": lambda: _("CEBC's highest level (1 of 5): well supported by research evidence."),
    "2": lambda: _("CEBC's second level (2 of 5): supported by research evidence."),
    "3": lambda: _("CEBC's third level (3 of 5): promising research evidence."),
    "4": lambda: _("CEBC's fourth level (4 of 5): the evidence fails to demonstrate an effect."),
    "5": lambda: _("CEBC's fifth level (5 of 5): a concerning practice."),
    "nr": lambda: _("CEBC could not rate it."),
}
_BLUEPRINTS = {
    "promising": lambda: _("Blueprints' first level (of Promising, Model, Model Plus)."),
    "model": lambda: _(
        "Blueprints' second level (of Promising, Model, Model Plus): two randomised trials, or one "
        "randomised and one quasi-experimental study, with an effect sustained for 12 months."
    ),
    "model plus": lambda: _("Blueprints' highest level: Model, with an independent replication."),
}
_TITLE_IV_E = {
    "well-supported": lambda: _("The Title IV-E Clearinghouse's highest level (of four)."),
    "supported": lambda: _("The Title IV-E Clearinghouse's second level (of four)."),
    "promising": lambda: _("The Title IV-E Clearinghouse's third level (of four)."),
    "does not currently meet criteria": lambda: _(
        "The Title IV-E Clearinghouse found that it does not currently meet its criteria."
    ),
}
_ITLA_LEVELS = {
    "5": lambda: _("Itla's highest level (5 of 5): strong effectiveness research."),
    "4": lambda: _("Itla's level 4 of 5: good effectiveness research."),
    "3": lambda: _("Itla's level 3 of 5: results or effectiveness research."),
    "2": lambda: _("Itla's level 2 of 5: some research."),
    "1": lambda: _("Itla's level 1 of 5: described and theoretically grounded."),
}
_ITLA_WORDS = {
    "vahvaa vaikuttavuustutkimusta": "5",
    "hyvää vaikuttavuustutkimusta": "4",
    "tuloksellisuus- tai vaikuttavuustutkimusta": "3",
    "jonkin verran tutkimusta": "2",
    "kuvattu ja teoreettisesti perusteltu": "1",
}
_KASVUN_TUKI = {
    "vahva dokumentoitu näyttö": lambda: _(
        "The highest level of Kasvun tuki's earlier scale (of three): strong documented evidence."
    ),
    "kohtalainen dokumentoitu näyttö": lambda: _(
        "The middle level of Kasvun tuki's earlier scale (of three): moderate documented evidence."
    ),
    "vähäinen dokumentoitu näyttö": lambda: _(
        "The lowest level of Kasvun tuki's earlier scale (of three): limited documented evidence."
    ),
}


def _foundations(label: str) -> str:
    parts = []
    level = re.match(r"(nl2|ne|[234])(\+?)(\*?)", label)
    if level:
        code, plus, mixed = level.groups()
        if code == "nl2":
            parts.append(_("The Foundations Guidebook found it does not reach its level 2."))
        elif code == "ne":
            parts.append(_("The Foundations Guidebook found it not effective."))
        else:
            parts.append(
                _("Evidence level %(level)s on the Foundations Guidebook's scale of 2 to 4.")
                % {"level": code + plus}
            )
        if mixed:
            parts.append(_("The asterisk marks mixed findings."))
    cost = re.search(r"cost (\d)", label)
    if cost:
        parts.append(
            _("Cost rating %(cost)s on its separate scale of 1 to 5.") % {"cost": cost.group(1)}
        )
    return " ".join(parts)


def explain(registry: str, label: str) -> str:
    """What `label` means on `registry`'s scale, in the active language; "" when not known."""
    key = re.sub(r"\s*\(.*?\)\s*", " ", label).strip().lower()
    if registry == Registry.CEBC:
        found = _CEBC.get(key.split()[0] if key else "")
    elif registry == Registry.BLUEPRINTS:
        found = _BLUEPRINTS.get(key)
    elif registry == Registry.TITLE_IV_E:
        found = _TITLE_IV_E.get(key)
    elif registry == Registry.FOUNDATIONS:
        return _foundations(key)
    elif registry == Registry.ITLA:
        number = re.match(r"([1-5])\s*/\s*5", key)
        words = next((level for words, level in _ITLA_WORDS.items() if words in key), None)
        found = _ITLA_LEVELS.get(number.group(1) if number else words or "") or next(
            (text for words, text in _KASVUN_TUKI.items() if words in key), None
        )
    else:
        found = None
    return found() if found else ""
