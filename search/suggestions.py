"""Suggestions for search boxes: titles and alternative names that start like what was typed.

Answered from memory (search.lexicon), so a keystroke costs no database query; words of five
letters or more tolerate a typo.
"""

from .lexicon import lexicon
from .matching import clean_query

MAX_SUGGESTIONS = 8


def suggestions(text: str, language: str, request=None) -> list[dict]:
    found = lexicon(language).suggest(clean_query(text), MAX_SUGGESTIONS)
    return [
        {"id": row.entry_id, "title": row.title, "match": row.match, "url": row.url}
        for row in found
    ]
