"""The search index (one document per public entry page) and the log of what people searched for.

Also the synonym vocabulary that editors keep, applied to queries in every engine. The
database-specific parts live in the migrations: on SQLite an FTS5 table kept in step with
`SearchDocument` by triggers; on PostgreSQL a narrow table of weighted tsvectors with GIN indexes,
kept in step the same way (migration 0008).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .analysis import words

# The sections of an entry as the index keeps them, strongest first (see search.engine's weights).
SECTIONS = ("title", "names", "summary", "aims", "delivery", "training", "evidence", "body")


class SearchDocument(models.Model):
    """What the search index knows about one public entry page in its own language.

    `names` holds the entry's alternative names plus the titles and alternative names of its other
    public translations, so that a name in any language finds the entry in every language. The
    `*_terms` fields hold the analysed terms (see search.analysis).
    """

    page = models.OneToOneField(
        "methods.EntryPage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    translation_key = models.UUIDField(db_index=True)
    language = models.CharField(max_length=8, db_index=True)
    title = models.TextField()
    names = models.TextField(blank=True)
    summary = models.TextField(blank=True)  # with the entry's facet labels
    aims = models.TextField(blank=True)  # aims and target group
    delivery = models.TextField(blank=True)  # delivery and who delivers it
    training = models.TextField(blank=True)
    evidence = models.TextField(blank=True)  # evidence rationale and references
    body = models.TextField(blank=True)
    title_terms = models.TextField(blank=True)
    names_terms = models.TextField(blank=True)
    summary_terms = models.TextField(blank=True)
    aims_terms = models.TextField(blank=True)
    delivery_terms = models.TextField(blank=True)
    training_terms = models.TextField(blank=True)
    evidence_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    # terms in every section, for bm25 (nullable: SQLite adds the column without remaking the
    # table, which would drop the triggers that keep its FTS5 tables in step)
    length = models.PositiveIntegerField(null=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search document")

    def __str__(self):
        return f"{self.language}: {self.title}"

    def name_list(self) -> list[str]:
        """The title first, then every other name, without repeats."""
        names = [self.title, *self.names.splitlines()]
        return list(dict.fromkeys(name.strip() for name in names if name.strip()))


class TermPostings(models.Model):
    """The documents one term occurs in, in one language: bitmaps of page ids (search.bitmaps),
    anywhere in the document and in its title, names or summary, and the page ids in order with
    the term's weighted frequency in each. Kept by search.postings."""

    language = models.CharField(max_length=8)
    term = models.CharField(max_length=200)
    anywhere = models.BinaryField()
    strong = models.BinaryField()
    pages = models.BinaryField()  # 32-bit page ids, little-endian, in order
    frequencies = models.BinaryField()  # 16-bit doubled weighted frequencies, in the same order

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["language", "term"], name="unique_postings_term")
        ]

    def __str__(self):
        return f"{self.language}: {self.term}"


class SearchWord(models.Model):
    """A word that occurs in the indexed text of one language: the vocabulary for typo correction."""

    language = models.CharField(max_length=8)
    word = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["language", "word"], name="unique_search_word")
        ]

    def __str__(self):
        return self.word


class SearchQuery(models.Model):
    """One normalised query text in one language: how often it was asked and what it last found.

    Holds no personal data: no user, no address, no session, only the words and counts.
    """

    language = models.CharField(max_length=8, verbose_name=_("language"))
    query = models.CharField(max_length=200, verbose_name=_("query"))
    times = models.PositiveIntegerField(default=1, verbose_name=_("times searched"))
    result_count = models.PositiveIntegerField(default=0, verbose_name=_("results"))
    first_seen = models.DateField(auto_now_add=True, verbose_name=_("first searched"))
    last_seen = models.DateField(auto_now=True, verbose_name=_("last searched"))

    class Meta:
        verbose_name = _("search query")
        verbose_name_plural = _("search queries")
        constraints = [
            models.UniqueConstraint(fields=["language", "query"], name="unique_search_query")
        ]
        indexes = [models.Index(fields=["result_count", "-times"], name="search_query_found")]

    def __str__(self):
        return self.query


def split_terms(text: str) -> list[str]:
    """'a, b\nc' -> ['a', 'b', 'c']: terms separated by commas or new lines, blanks dropped."""
    return [
        term.strip()
        for line in (text or "").splitlines()
        for term in line.split(",")
        if term.strip()
    ]


class Synonym(models.Model):
    """Words that professionals use for the same thing, in one language, applied to every query.

    Without `expands_to`, the `terms` all mean the same: a query with any of them also looks for
    the others. With `expands_to`, it is one-way: a query with one of `terms` also looks for those,
    but not back (masennus → mielenterveysongelmat: a search for mental health problems should not
    bring every depression method).
    """

    language = models.CharField(
        max_length=8, choices=settings.LANGUAGES, verbose_name=_("language")
    )
    terms = models.TextField(
        verbose_name=_("terms"),
        help_text=_(
            "Words or phrases, separated by commas, e.g. 'conduct disorder, conduct problems'."
        ),
    )
    expands_to = models.TextField(
        blank=True,
        verbose_name=_("also search for"),
        help_text=_(
            "Leave empty when all the terms mean the same. Otherwise a search for one of the terms "
            "also looks for these, but not the other way round."
        ),
    )

    class Meta:
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")
        ordering = ["language", "terms"]

    def __str__(self):
        arrow = f" → {self.expands_to}" if self.expands_to.strip() else ""
        return f"{self.language}: {self.terms}{arrow}"

    def term_list(self) -> list[str]:
        return split_terms(self.terms)

    def expansion_list(self) -> list[str]:
        return split_terms(self.expands_to)

    def clean(self):
        for field in ("terms", "expands_to"):
            for term in split_terms(getattr(self, field)):
                if not words(term):
                    raise ValidationError(
                        {field: _("%(term)s has no letters or digits.") % {"term": term}}
                    )
        if not words(self.terms):
            raise ValidationError({"terms": _("Give at least one term.")})
        if not self.expands_to.strip() and len(self.term_list()) < 2:
            raise ValidationError(
                {
                    "terms": _(
                        "Give at least two terms that mean the same, or fill in 'also search for'."
                    )
                }
            )
