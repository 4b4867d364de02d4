"""Language analysis: turn text into the terms that the index stores and that queries look for.

Finnish words go through Voikko (base forms and the parts of compounds) when the library and its
Finnish dictionary are installed, and always through Snowball's Finnish stemmer as well; Swedish and
English words go through Snowball. Every word also keeps its plain lower-case form, so names and
abbreviations match as written. The same analyser serves documents and queries, so they always agree.
"""

import functools
import logging
import re
import threading
import unicodedata

import snowballstemmer

logger = logging.getLogger(__name__)

LANGUAGES = {"fi": "finnish", "sv": "swedish", "en": "english"}
WORD = re.compile(r"[^\W_]+")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

# Words too common to help ranking; short lists of our own, applied to the plain lower-case form.
STOPWORDS = {
    "fi": set(
        "ja tai on ovat oli ei se ne ja että jos kun kuin mutta myös sekä joka jotka jossa joissa "
        "joilla jolla jonka niin nyt vai vain voi olla ole siis tämä tuo nämä ne he me te hän "
        "minä sinä sen sitä siinä siitä sille sekä kanssa varten".split()
    ),
    "sv": set(
        "och eller i på av för med till från som är att det den de en ett om men så har hade "
        "var vara blir blev inte vid hos där här sin sitt sina deras dess man kan ska".split()
    ),
    "en": set(
        "a an and or the of for to in on at by with from as is are was were be been being it "
        "its this that these those their there which who whom what when where how not but "
        "into about than then so such can may has have had do does".split()
    ),
}


def normalise(text: str) -> str:
    """NFC, lower case, control characters to spaces."""
    return CONTROL.sub(" ", unicodedata.normalize("NFC", text or "")).casefold()


def words(text: str) -> list[str]:
    """The plain lower-case words of `text`, in order (hyphenated names split into their parts)."""
    return WORD.findall(normalise(text))


class Analyser:
    """Snowball stemming for one language; Finnish adds Voikko base forms and compound parts."""

    def __init__(self, language: str):
        if language not in LANGUAGES:
            raise ValueError(f"no analyser for language {language!r}")
        self.language = language
        self.stopwords = STOPWORDS[language]
        self._stemmer = snowballstemmer.stemmer(LANGUAGES[language])
        self._lock = threading.Lock()
        self._voikko = _open_voikko() if language == "fi" else None

    @property
    def uses_voikko(self) -> bool:
        return self._voikko is not None

    def terms(self, text: str) -> list[str]:
        """Every index term of `text`, in order, with repeats (documents)."""
        found: list[str] = []
        stopwords, word_terms = self.stopwords, self.word_terms
        for word in words(text):
            if word not in stopwords:
                found.extend(word_terms(word))
        return found

    def query_words(self, text: str) -> list[str]:
        """The meaningful plain words of a query (all of them if every one is a stopword)."""
        plain = words(text)
        return [word for word in plain if word not in self.stopwords] or plain

    @functools.lru_cache(maxsize=200_000)  # noqa: B019 - analysers live as long as the process
    def word_terms(self, word: str) -> tuple[str, ...]:
        """The terms of one lower-case word: itself, its stem, and (Finnish) base forms and parts."""
        forms, parts = self.word_forms(word)
        return forms + tuple(part for part in parts if part not in forms)

    @functools.lru_cache(maxsize=200_000)  # noqa: B019 - analysers live as long as the process
    def word_forms(self, word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(the word, its stem and base forms; the base forms of its compound parts)."""
        terms, parts = [word], []
        if not word.isdigit():
            with self._lock:
                terms.append(self._stemmer.stemWord(word))
            if self._voikko is not None and len(word) > 2:
                bases, parts = self._finnish_forms(word)
                terms.extend(bases)
        terms = tuple(dict.fromkeys(term for term in terms if term))
        return terms, tuple(dict.fromkeys(part for part in parts if part not in terms))

    def _finnish_forms(self, word: str) -> tuple[list[str], list[str]]:
        bases, parts = [], []
        with self._lock:
            analyses = self._voikko.analyze(word)
        for analysis in analyses:
            base = analysis.get("BASEFORM")
            if base:
                bases.extend(words(base))
            structure = analysis.get("STRUCTURE", "")
            if structure.count("=") > 1:  # a compound: also index its parts' base forms
                parts.extend(_compound_parts(analysis.get("WORDBASES") or ""))
        return bases, parts


def _compound_parts(wordbases: str) -> list[str]:
    """'+perhe(perhe)+keskus(keskus)' -> ['perhe', 'keskus']; derivational suffixes are skipped."""
    parts = []
    for base in re.findall(r"\(([^)]*)\)", wordbases):
        if base and not base.startswith("+") and len(base) > 2:
            parts.extend(words(base))
    return parts


def _open_voikko():
    try:
        import libvoikko

        return libvoikko.Voikko("fi")
    except Exception as error:  # noqa: BLE001 - a missing library or dictionary: fall back
        logger.warning(
            "Voikko is not available (%s): Finnish search falls back to Snowball stemming only. "
            "Install libvoikko1 and voikko-fi (make voikko) for base forms and compound parts.",
            error,
        )
        return None


_analysers: dict[str, Analyser] = {}
_analysers_lock = threading.Lock()


def analyser(language: str) -> Analyser:
    """The shared analyser of one language (created once per process)."""
    if language not in _analysers:
        with _analysers_lock:
            if language not in _analysers:
                _analysers[language] = Analyser(language)
    return _analysers[language]


def terms_text(language: str, text: str) -> str:
    """The analysed terms of `text` as one space-separated string (what the index stores)."""
    return " ".join(analyser(language).terms(text))
