"""What search keeps in memory per language, rebuilt when the content version changes: the names of
the public entries (exact-name matches and suggestions as you type), the vocabulary that typos are
corrected towards, and the synonyms (the editors' vocabulary and the facet labels).

Nothing here reads the database while answering, so suggestions cost no query per keystroke.
"""

import bisect
import gc
import heapq
import itertools
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import extract, extractOne

from methods.content_version import current_version
from methods.models import EntryPage
from methods.visibility import publicly_visible
from methods.vocabulary import FACETS

from .analysis import analyser, words
from .bitmaps import bitmap
from .models import SearchDocument, SearchWord, Synonym

TYPO_MIN_LENGTH = 5  # words this long tolerate one edit
TWO_TYPOS_MIN_LENGTH = 8  # and this long, two
MAX_CORRECTIONS = 3
SUGGESTIONS_KEPT = 8
CLOSEST_CUTOFF = 70  # rapidfuzz ratio (0-100) a spelling suggestion needs


def allowed_edits(word: str) -> int:
    if len(word) < TYPO_MIN_LENGTH or word.isdigit():
        return 0
    return 2 if len(word) >= TWO_TYPOS_MIN_LENGTH else 1


# --- Synonyms -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rule:
    trigger: tuple[frozenset[str], ...]  # per word, its analysed forms
    expansions: tuple[str, ...]  # phrases to look for as well


class Synonyms:
    """Phrases of a query that the vocabulary knows, and what to look for as well."""

    def __init__(self, language: str, sets: list[tuple[list[str], list[str]]]):
        self.language = language
        self._by_form: dict[str, list[_Rule]] = defaultdict(list)
        for terms, expansions in sets:
            if expansions:
                pairs = [(term, expansions) for term in terms]
            else:
                pairs = [(term, [other for other in terms if other != term]) for term in terms]
            for term, also in pairs:
                trigger = tuple(self.word_forms(word) for word in self.phrase_words(term))
                if trigger and also:
                    rule = _Rule(trigger, tuple(also))
                    for form in trigger[0]:
                        self._by_form[form].append(rule)
        for rules in self._by_form.values():
            rules.sort(key=lambda rule: -len(rule.trigger))

    def phrase_words(self, text: str) -> list[str]:
        return analyser(self.language).query_words(text)

    def word_forms(self, word: str) -> frozenset[str]:
        return frozenset(analyser(self.language).word_forms(word)[0])

    def spans(self, query_words: list[str]) -> list[tuple[int, int, tuple[str, ...]]]:
        """[(start, end, expansions)]: the longest known phrases, left to right, not overlapping."""
        forms = [self.word_forms(word) for word in query_words]
        found, position = [], 0
        while position < len(query_words):
            best_length, expansions = 0, []
            for form in sorted(forms[position]):  # in one order, whatever the hash seed
                for rule in self._by_form.get(form, ()):
                    length = len(rule.trigger)
                    if length < best_length or position + length > len(query_words):
                        continue
                    if all(
                        rule.trigger[k] & forms[position + k] for k in range(length)
                    ):  # every word of the phrase is there, in order
                        if length > best_length:
                            best_length, expansions = length, []
                        expansions.extend(rule.expansions)
            if best_length:
                typed = " ".join(query_words[position : position + best_length])
                also_by_key: dict[str, str] = {}
                for phrase in expansions:
                    key = " ".join(self.phrase_words(phrase))
                    if key != typed:
                        also_by_key.setdefault(key, phrase)
                also = tuple(also_by_key.values())
                found.append((position, position + best_length, also))
                position += best_length
            else:
                position += 1
        return found


def _synonym_sets(language: str) -> list[tuple[list[str], list[str]]]:
    sets = [
        (synonym.term_list(), synonym.expansion_list())
        for synonym in Synonym.objects.filter(language=language)
    ]
    # a facet value's labels in every language mean the same (and name the value, not one entry)
    for spec in FACETS:
        labels: dict[str, list[str]] = defaultdict(list)
        for code, name in spec.model.objects.values_list("code", "name"):
            labels[code].append(name)
        for code, names in labels.items():
            terms = list(dict.fromkeys([*names, code.replace("-", " ")]))
            if len(terms) > 1:
                sets.append((terms, []))
    return sets


# --- Suggestions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    page_id: int
    entry_id: str
    title: str
    match: str  # the name that starts like what was typed
    url: str


class _Suggestions:
    """Every word start of every name, sorted, with the best suggestions of any range of them.

    The distinct keys (a name from one of its words on) are sorted, so the keys starting with a
    prefix are one range, found with bisect. Each key keeps its best few (rank, page id, name)
    rows, and each block of BLOCK keys the best few of the block, so the best of any range is a
    merge of the blocks inside it and of the keys at its two ends: a keystroke reads a few
    thousand rows at most, for "p" as for "perhekeskus", and building it sorts each row once.
    """

    KEPT = SUGGESTIONS_KEPT * 2
    BLOCK = 128

    def __init__(self, names_by_page: dict[int, list[str]], titles: dict[int, str]):
        by_key: dict[str, list[tuple]] = defaultdict(list)
        keys_of: dict[str, list[tuple[int, str]]] = {}  # many entries share names
        for page_id, names in names_by_page.items():
            for name in names:
                if name not in keys_of:
                    name_words = words(name)
                    keys_of[name] = [
                        (start, " ".join(name_words[start:])) for start in range(len(name_words))
                    ]
                is_title = name == titles[page_id]
                for start, key in keys_of[name]:
                    # a name's start before a later word, the title before other names, short first
                    rank = (start > 0, not is_title, len(name), name.casefold())
                    by_key[key].append((rank, page_id, name))
        self.keys = sorted(by_key)
        self.rows = [
            rows if len(rows) == 1 else _best([sorted(rows)], self.KEPT)
            for rows in (by_key[key] for key in self.keys)
        ]
        self.blocks = [
            _best(self.rows[start : start + self.BLOCK], self.KEPT)
            for start in range(0, len(self.keys), self.BLOCK)
        ]

    def starting(self, prefix: str) -> list[tuple]:
        """The best rows whose key starts with `prefix`, best first, one per page."""
        low = bisect.bisect_left(self.keys, prefix)
        high = bisect.bisect_left(self.keys, prefix + "\U0010ffff")
        first_block, last_block = -(-low // self.BLOCK), high // self.BLOCK
        if first_block >= last_block:  # within one or two blocks: read the keys
            return _best(self.rows[low:high], self.KEPT, lazily=True)
        parts = [
            *self.rows[low : first_block * self.BLOCK],
            *self.blocks[first_block:last_block],
            *self.rows[last_block * self.BLOCK : high],
        ]
        return _best(parts, self.KEPT, lazily=True)


def _best(sorted_lists: list[list[tuple]], limit: int, *, lazily: bool = False) -> list[tuple]:
    """The first `limit` rows of sorted lists merged, one per page id (`lazily` when many rows
    would be read to find a few: a keystroke; building the tree merges short lists whole)."""
    best, seen = [], set()
    rows = (
        heapq.merge(*sorted_lists)
        if lazily
        else sorted(itertools.chain.from_iterable(sorted_lists))
    )
    for row in rows:
        if row[1] not in seen:
            seen.add(row[1])
            best.append(row)
            if len(best) == limit:
                break
    return best


# --- The lexicon of one language ----------------------------------------------------------------


@dataclass(eq=False)  # one per content version: compared and hashed by identity
class Lexicon:
    language: str
    names: dict[int, tuple[tuple[str, ...], ...]]  # {page id: the words of its title and names}
    owners: dict[tuple[str, ...], frozenset[int]]  # {the words of a name: page ids}
    names_with_word: dict[str, frozenset[tuple[str, ...]]]  # {a word: the names that have it}
    longest_name: int
    known_words: frozenset[str]
    words_by_length: dict[int, list[str]]
    synonyms: Synonyms
    suggestions: _Suggestions
    entry_ids: dict[int, str]
    titles: dict[int, str]
    urls: dict[int, str]
    # candidate lists for typo correction, made on first use
    _kept: dict = field(default_factory=dict, repr=False)

    def named_in(self, typed: list[str]) -> dict[int, tuple[str, ...]]:
        """{page id: the longest of its names that the typed words contain whole}."""
        found: dict[int, tuple[str, ...]] = {}
        for start in range(len(typed)):
            for end in range(start + 1, min(len(typed), start + self.longest_name) + 1):
                for page_id in self.owners.get(tuple(typed[start:end]), ()):
                    if len(typed[start:end]) > len(found.get(page_id, ())):
                        found[page_id] = tuple(typed[start:end])
        return found

    def documents(self) -> int:
        """The bitmap of the public pages indexed in this language (search.bitmaps)."""
        if "documents" not in self._kept:
            self._kept["documents"] = bitmap(self.titles)
        return self._kept["documents"]

    def names_with_words(self, typed: list[str]) -> frozenset[tuple[str, ...]]:
        """The distinct names (as their words) that hold every one of the typed words."""
        found = [self.names_with_word.get(word, frozenset()) for word in set(typed)]
        return frozenset.intersection(*sorted(found, key=len)) if found else frozenset()

    def corrections(self, word: str, *, prefix: bool = False) -> list[str]:
        """Known words within one edit (two for long words) of a word the index does not know.

        With `prefix`, the word may be unfinished: it is compared with the start of known words.
        """
        edits = allowed_edits(word)
        if not edits or len(word) > 100 or word in self.known_words:
            return []
        if prefix:
            starts, words_of = self._starts(len(word), edits)
            found = extract(
                word, starts, scorer=Levenshtein.distance, score_cutoff=edits, limit=None
            )
            # the closest first, then as the known words are ordered (by length, alphabetically)
            closest = heapq.nsmallest(
                MAX_CORRECTIONS,
                ((distance, index) for _s, distance, start in found for index in words_of[start]),
            )
            return [self._candidates(len(word), edits)[index] for _distance, index in closest]
        found = extract(
            word,
            self._candidates(len(word), edits, exact_length=True),
            scorer=Levenshtein.distance,
            score_cutoff=edits,
            limit=MAX_CORRECTIONS,
        )
        return [candidate for candidate, _distance, _index in sorted(found, key=lambda f: f[1])]

    def _candidates(self, length: int, edits: int, *, exact_length: bool = False) -> list[str]:
        """Known words that a word of `length` may be `edits` edits from: as long, give or take
        the edits (`exact_length`), or as the start of a longer word. Kept per lexicon."""
        key = (length, edits, exact_length)
        if key not in self._kept:
            longest = length + edits if exact_length else length + 19
            self._kept[key] = [
                known
                for size in range(length - edits, longest + 1)
                for known in self.words_by_length.get(size, ())
            ]
        return self._kept[key]

    def _starts(self, length: int, edits: int) -> tuple[list[str], list[list[int]]]:
        """The distinct starts of `length` letters of the prefix candidates, and for each, the
        candidates' indexes: an unfinished word is compared with each start once."""
        key = ("starts", length, edits)
        if key not in self._kept:
            indexes: dict[str, list[int]] = {}
            for index, known in enumerate(self._candidates(length, edits)):
                indexes.setdefault(known[:length], []).append(index)
            self._kept[key] = (list(indexes), list(indexes.values()))
        return self._kept[key]

    def closest(self, word: str) -> str:
        """The known word most like an unknown one (for "did you mean"), or ""."""
        if word in self.known_words or len(word) < 3 or word.isdigit():
            return ""
        candidates = [
            known
            for length in range(max(4, len(word) - 3), len(word) + 4)
            for known in self.words_by_length.get(length, ())
        ]
        found = extractOne(word, candidates, scorer=fuzz.ratio, score_cutoff=CLOSEST_CUTOFF)
        return found[0] if found else ""

    def suggest(self, text: str, limit: int) -> list[Suggestion]:
        """Titles and names in which the typed words start words, the last one maybe unfinished."""
        typed = words(text)[:12]
        if not typed:
            return []
        found = self._suggest(typed, limit)
        if not found:
            corrected = []
            for index, word in enumerate(typed):
                last = index == len(typed) - 1
                close = self.corrections(word, prefix=last) if word not in self.known_words else []
                corrected.append(close[0] if close else word)
            if corrected != typed:
                found = self._suggest(corrected, limit)
        return found

    def _suggest(self, typed: list[str], limit: int) -> list[Suggestion]:
        # look up the last word's prefix on its own; earlier words must be in the same name
        candidates = self.suggestions.starting(typed[-1]) if len(typed) == 1 else None
        if candidates is None:
            candidates = self.suggestions.starting(" ".join(typed))
            if len(candidates) < limit:
                candidates = candidates + self.suggestions.starting(typed[-1])
        found, seen = [], set()
        for _rank, page_id, name in sorted(candidates):
            if page_id in seen or not _starts_words(words(name), typed):
                continue
            seen.add(page_id)
            found.append(
                Suggestion(
                    page_id,
                    self.entry_ids[page_id],
                    self.titles[page_id],
                    name.strip(),
                    self.urls[page_id],
                )
            )
            if len(found) == limit:
                break
        return found


def _starts_words(name_words: list[str], typed: list[str]) -> bool:
    """Every typed word is a word of the name (the last one may be the start of one)."""
    return all(
        any(word.startswith(t) if i == len(typed) - 1 else word == t for word in name_words)
        for i, t in enumerate(typed)
    )


def _build(language: str) -> Lexicon:
    public = publicly_visible(EntryPage.objects.filter(locale__language_code=language))
    documents = SearchDocument.objects.filter(
        language=language, page__in=public.values("pk")
    ).values_list("page_id", "title", "names")
    names_by_page: dict[int, list[str]] = {}
    titles: dict[int, str] = {}
    for page_id, title, names in documents:
        titles[page_id] = title
        names_by_page[page_id] = list(
            dict.fromkeys(name.strip() for name in [title, *names.splitlines()] if name.strip())
        )
    names = {
        page_id: tuple(tuple(words(name)) for name in page_names)
        for page_id, page_names in names_by_page.items()
    }
    owners: dict[tuple[str, ...], set[int]] = defaultdict(set)
    names_with_word: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for page_id, page_names in names.items():
        for name_words in page_names:
            if name_words:
                owners[name_words].add(page_id)
            for word in name_words:
                names_with_word[word].add(name_words)
    synonym_sets = _synonym_sets(language)
    known = (
        set(SearchWord.objects.filter(language=language).values_list("word", flat=True))
        | {
            word
            for page_names in names.values()
            for name_words in page_names
            for word in name_words
        }
        | {word for terms, also in synonym_sets for term in terms + also for word in words(term)}
    )
    by_length: dict[int, list[str]] = defaultdict(list)
    for word in sorted(known):
        if len(word) >= 4 and not word.isdigit():
            by_length[len(word)].append(word)
    entry_ids, urls = _entry_ids_and_urls(public, titles)
    return Lexicon(
        language=language,
        names=names,
        owners={key: frozenset(value) for key, value in owners.items()},
        names_with_word={word: frozenset(value) for word, value in names_with_word.items()},
        longest_name=max((len(key) for key in owners), default=0),
        known_words=frozenset(known),
        words_by_length=dict(by_length),
        synonyms=Synonyms(language, synonym_sets),
        suggestions=_Suggestions(names_by_page, titles),
        entry_ids=entry_ids,
        titles=titles,
        urls=urls,
    )


def _entry_ids_and_urls(pages, titles) -> tuple[dict[int, str], dict[int, str]]:
    """Entry ids and site URLs of the indexed public pages. Pages under one parent share the
    start of their URLs, so one page's URL per parent gives the others from their paths."""
    rows = list(pages.filter(pk__in=titles).values_list("pk", "translation_key", "url_path"))
    entry_ids = {pk: str(key) for pk, key, _path in rows}
    by_parent: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for pk, _key, url_path in rows:
        by_parent[url_path.rstrip("/").rsplit("/", 1)[0] + "/"].append((pk, url_path))
    urls: dict[int, str] = {}
    for parent, children in by_parent.items():
        first_url = pages.get(pk=children[0][0]).get_url() or ""
        # the URL ends like the path: what precedes the shared end is the parent's URL
        slug_part = children[0][1][len(parent) :]
        parent_url = first_url[: len(first_url) - len(slug_part)] if first_url else ""
        for pk, url_path in children:
            urls[pk] = parent_url + url_path[len(parent) :] if parent_url else ""
    return entry_ids, urls


_lexicons: dict[str, tuple[tuple, Lexicon]] = {}
_checked_at: dict[str, float] = {}
_lock = threading.Lock()


def lexicon(language: str, version: tuple | None = None) -> Lexicon:
    """The lexicon of one language at `version` (the current content version when not given;
    suggestions pass none and read the version at most every SEARCH_VERSION_CHECK_SECONDS)."""
    cached = _lexicons.get(language)
    if version is None:
        interval = settings.SEARCH_VERSION_CHECK_SECONDS
        now = time.monotonic()
        if cached is not None and now - _checked_at.get(language, 0.0) < interval:
            return cached[1]
        version = current_version()
        _checked_at[language] = now
    if cached is not None and cached[0] == version:
        return cached[1]
    with _lock:
        cached = _lexicons.get(language)
        if cached is None or cached[0] != version:
            _lexicons[language] = (version, _build(language))
            _checked_at[language] = time.monotonic()
            keep_out_of_collection()
        return _lexicons[language][1]


def keep_out_of_collection() -> None:
    """Put what the process holds now out of the cyclic garbage collector's reach.

    Called after a lexicon or catalogue is built: they are millions of small objects that live
    until the content changes, and every full collection would walk them all, a pause of tenths
    of a second in whichever request set it off. They hold no reference cycles: reference
    counting frees them when they are replaced.
    """
    gc.collect()
    gc.freeze()


def forget() -> None:
    """Drop every lexicon (this process changed the index; others notice the content version)."""
    _lexicons.clear()
    _checked_at.clear()
