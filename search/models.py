"""The search index (one document per public entry page) and the log of what people searched for.

The database-specific parts live in the migrations: on SQLite an FTS5 table kept in step with
`SearchDocument` by triggers; on PostgreSQL a weighted tsvector column with a GIN index and pg_trgm
indexes for typo tolerance.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    title_terms = models.TextField(blank=True)
    names_terms = models.TextField(blank=True)
    summary_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search document")

    def __str__(self):
        return f"{self.language}: {self.title}"

    def name_list(self) -> list[str]:
        """The title first, then every other name, without repeats."""
        names = [self.title, *self.names.splitlines()]
        return list(dict.fromkeys(name.strip() for name in names if name.strip()))


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
