"""Term postings: per language and term, the documents the term occurs in (as bitmaps, anywhere
and in the title, names and summary) and its weighted frequency in each, so that a search reads a
few kilobytes per term instead of decoding the full-text index, and bm25 is computed from them
(search.postings); and each document's length in terms. Filled here from the documents already
indexed."""

from array import array
from collections import Counter, defaultdict

from django.db import migrations, models

SECTIONS = ("title", "names", "summary", "aims", "delivery", "training", "evidence", "body")
WEIGHTS = (10.0, 8.0, 4.0, 3.0, 2.0, 1.5, 1.5, 1.0)
STRONG = ("title", "names", "summary")
MAX_TERM = 200


def _bitmap_bytes(page_ids) -> bytes:
    if not page_ids:
        return b""
    bits = bytearray(max(page_ids) // 8 + 1)
    for page_id in page_ids:
        bits[page_id >> 3] |= 1 << (page_id & 7)
    return bytes(bits)


def _little_endian(values: array) -> bytes:
    import sys

    if sys.byteorder == "big":
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def fill(apps, schema_editor):
    documents = apps.get_model("methods_search", "SearchDocument")
    postings = apps.get_model("methods_search", "TermPostings")
    found = defaultdict(lambda: (array("I"), array("H"), []))
    columns = [f"{section}_terms" for section in SECTIONS]
    lengths = []
    rows = documents.objects.order_by("page_id").only("page_id", "language", *columns)
    for document in rows.iterator(chunk_size=500):
        frequencies, strong = Counter(), set()
        for section, weight in zip(SECTIONS, WEIGHTS):
            counts = Counter(getattr(document, f"{section}_terms").split())
            for term, count in counts.items():
                frequencies[term] += int(2 * weight) * count
            if section in STRONG:
                strong.update(counts)
        for term, frequency in frequencies.items():
            if len(term) <= MAX_TERM:
                pages, counts, strong_pages = found[document.language, term]
                pages.append(document.page_id)
                counts.append(min(frequency, 0xFFFF))
                if term in strong:
                    strong_pages.append(document.page_id)
        length = sum(len(getattr(document, column).split()) for column in columns)
        lengths.append(documents(page_id=document.page_id, length=length))
    documents.objects.bulk_update(lengths, ["length"], batch_size=500)
    postings.objects.bulk_create(
        [
            postings(
                language=language,
                term=term,
                anywhere=_bitmap_bytes(pages),
                strong=_bitmap_bytes(strong),
                pages=_little_endian(pages),
                frequencies=_little_endian(counts),
            )
            for (language, term), (pages, counts, strong) in sorted(found.items())
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("methods_search", "0008_narrow_vector_table"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="length",
            field=models.PositiveIntegerField(null=True),
        ),
        migrations.CreateModel(
            name="TermPostings",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("language", models.CharField(max_length=8)),
                ("term", models.CharField(max_length=200)),
                ("anywhere", models.BinaryField()),
                ("strong", models.BinaryField()),
                ("pages", models.BinaryField()),
                ("frequencies", models.BinaryField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("language", "term"), name="unique_postings_term"
                    )
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
