"""Which HTML an imported rich text field may hold: the tags the editor can produce, nothing that
runs (no scripts, event handlers, styles or javascript: links). The editor itself only ever
writes this subset; the importer refuses anything else with a message naming the tag."""

from html.parser import HTMLParser

from django.utils.translation import gettext as _

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "b", "em", "i", "a", "h3"}
# Internal links in the exchange format: <a linktype="page" entry="{id}/{language}">,
# <a linktype="document" file="{name}"> (see methods.exchange.links).
ALLOWED_LINK_ATTRIBUTES = {"href", "linktype", "entry", "file"}
ALLOWED_SCHEMES = ("https://", "http://", "mailto:")
# The editor marks each block with a key: <p data-block-key="a1b2c">.
ALLOWED_ANY_TAG_ATTRIBUTES = {"data-block-key"}


class _PolicyChecker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problem = ""

    def handle_starttag(self, tag, attrs):
        if self.problem:
            return
        if tag not in ALLOWED_TAGS:
            self.problem = _("<{tag}> is not allowed (allowed: {allowed})").format(
                tag=tag, allowed=", ".join(sorted(ALLOWED_TAGS))
            )
            return
        for name, value in attrs:
            if name in ALLOWED_ANY_TAG_ATTRIBUTES:
                continue
            if tag != "a" or name not in ALLOWED_LINK_ATTRIBUTES:
                self.problem = _("the attribute {name} on <{tag}> is not allowed").format(
                    name=repr(name), tag=tag
                )
                return
            if name == "href" and not (value or "").strip().lower().startswith(ALLOWED_SCHEMES):
                self.problem = _("the link {link} is not allowed: use an https:// address").format(
                    link=repr(value)
                )
                return

    handle_startendtag = handle_starttag


def rich_text_problem(html: str) -> str:
    """'' when `html` keeps to the allowed subset, else what is wrong with it."""
    checker = _PolicyChecker()
    checker.feed(html)
    checker.close()
    return checker.problem
