"""The article inside a saved web page: its body text, title, author, date and site.

A page saved from a browser is mostly not the article: menus, headers, photo captions,
share buttons, "read more" lists, footers and reader comments. Left in, they would be read
as the author's sentences (a commenter's "lift the sanctions now!" would count against an
op-ed that argues the opposite). Telling the article from the rest of the page is a
research problem of its own, so it is left to a library that is maintained and measured
for it: trafilatura. It scores among the best in the published main-text extraction
comparisons (ScrapingHub's article-extraction benchmark, Bevendorff et al. 2023), keeps
paragraphs, drops comments on request, and reads the metadata (title, author, date, site
name) from the page's meta tags, JSON-LD and byline. When its own heuristics find too
little it falls back to readability and jusText, which it bundles. Either of those alone
does less: readability-lxml returns HTML, not text, and no author or date; jusText keeps
boilerplate paragraphs that read like prose and gives no metadata.

trafilatura is imported on first use, so runs without HTML inputs do not pay for it.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # trafilatura's settings type; configparser is imported with trafilatura
    from configparser import ConfigParser

__all__ = ["ExtractedPage", "declared_charset", "extract_html", "has_markup", "looks_like_html"]

SNIFF_CHARS = 1024
_MIN_EXTRACTED_CHARS = 25

# A document's own opening, after an optional XML declaration and comments (browsers put
# `<!-- saved from url=... -->` first): prose that merely mentions `<html>` does not match.
_HTML_START = re.compile(
    r"\A[\s\ufeff]*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>])",
    re.IGNORECASE | re.DOTALL,
)
# Markup enough to say a file named .html really holds HTML and not plain text.
_ANY_MARKUP = re.compile(
    r"<(?:!doctype|html|head|body|p|div|article|main|section|h[1-6]|title|meta)[\s>/]",
    re.IGNORECASE,
)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_BREAKS = re.compile(r"\s*\n\s*")


@dataclass(frozen=True)
class ExtractedPage:
    """The article found in a page: `text` has one paragraph per blank-line-separated block."""

    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None


def looks_like_html(text: str) -> bool:
    """True when the text opens as an HTML document (`<!doctype html` or `<html`) within
    its first KB.

    Used on stdin, records and files not named .html (a page saved as .txt), so it only
    accepts a document's own opening: an article that mentions `<html>` stays text.
    """
    return _HTML_START.match(text[:SNIFF_CHARS]) is not None


def has_markup(text: str) -> bool:
    """True when a file named .html holds any document-level tag in its first KB."""
    return _ANY_MARKUP.search(text, 0, SNIFF_CHARS) is not None


def declared_charset(data: bytes) -> str | None:
    """The Python codec a page declares in a `<meta charset>`, if any and if known.

    Pages saved from the web are often in the encoding they were served in, which only
    the page itself says; guessing UTF-8-or-cp1252 would garble a KOI8-R or Shift_JIS page.
    """
    match = _CHARSET.search(data, 0, 4 * SNIFF_CHARS)
    if match is None:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def extract_html(html: str) -> ExtractedPage | None:
    """The main article of an HTML document, or None when the page holds no article text.

    Navigation, comments, captions, tables and images are left out. Raises nothing of
    its own; a parser failure inside the library is the caller's to turn into a skip.
    """
    import trafilatura  # deferred: lxml and its friends cost time to import

    document: Any = trafilatura.bare_extraction(
        html,
        config=_config(),
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        include_formatting=False,
        deduplicate=False,
    )
    if document is None:
        return None
    raw = getattr(document, "text", None)
    text = _paragraphs(raw) if isinstance(raw, str) else ""
    if not text:
        return None
    return ExtractedPage(
        text=text,
        title=_field(document, "title"),
        author=_field(document, "author"),
        date=_field(document, "date"),
        url=_field(document, "url"),
        source=_field(document, "sitename"),
    )


@cache
def _config() -> ConfigParser:
    """trafilatura's settings with a lower floor for trusting its own extraction.

    Below MIN_EXTRACTED_SIZE characters (250 by default) it falls back to a whole-page
    text that keeps menus and footers; a short statement or letter is shorter than that,
    so the floor is set to a sentence's length.
    """
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", str(_MIN_EXTRACTED_CHARS))
    return config


def _paragraphs(text: str) -> str:
    """One blank line between blocks: the segmenter's paragraph break (trafilatura gives one
    newline per block, which the segmenter would read as a wrapped line)."""
    return _BREAKS.sub("\n\n", text.strip())


def _field(document: Any, name: str) -> str | None:
    value = getattr(document, name, None)
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return None
