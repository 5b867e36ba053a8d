"""An HTML page to article text and metadata: trafilatura, with readcli's own clean-up around it.

Before trafilatura (on the parsed tree): layout tables (a cell holding paragraphs) become plain
blocks, so old table-built sites keep their text; blocks whose class or id names them as chrome
(share bars, "read also" boxes, related teasers, comments, cookie banners, newsletters, tags,
embedded posts) are dropped.

After trafilatura (on the lines): lines it still leaves are dropped when they are chrome by their
words: "اقرأ أيضا"/"اقرأ المزيد" links and the list under such a heading, share labels
("Shares:", "شارك"), "follow us" lines, copyright and cookie notices, tag lines.

The stored text is the title, a blank line, then one paragraph a line with blank lines between
(the corpus' own format), with control characters removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from readcli.arabic import HARAKAT, ORTHOGRAPHY
from readcli.errors import InputError, shorten
from readcli.arabic import arabic_share
from readcli.web.charset import decode_html

# Chrome blocks by their class or id: a whole class/id token ("read-also"), or one of its parts
# split at "-" and "_" ("social" in "social-icons", "share" in "post_share_bar").
_CHROME_TOKENS = frozenset({
    "read-also", "readalso", "read-more", "readmore", "see-also", "more-news", "most-read", "most-viewed",
    "most-watched", "post-navigation", "nav-links", "author-box", "tag-list", "twitter-tweet",
    "instagram-media", "disqus_thread", "sharedaddy",
})
_CHROME_PARTS = frozenset({
    "share", "shares", "sharing", "social", "related", "relatedposts", "comment", "comments", "cookie",
    "cookies", "consent", "gdpr", "newsletter", "subscribe", "subscription", "tags", "breadcrumb",
    "breadcrumbs", "advert", "advertisement", "ads", "ad", "sidebar", "widget", "popular", "print",
    "disqus", "outbrain", "taboola", "promo", "follow",
})
_CHROME_TAGS = ("nav", "aside", "footer", "form", "noscript")
_KEEP_TAGS = ("html", "body", "article", "main")
_TOKEN_SPLIT = re.compile(r"[-_]+")


def _is_chrome(element) -> bool:
    if element.tag in _CHROME_TAGS:
        return True
    names = f"{element.get('class') or ''} {element.get('id') or ''}".lower().split()
    return any(name in _CHROME_TOKENS or _CHROME_PARTS.intersection(_TOKEN_SPLIT.split(name)) for name in names)


def _drop_chrome(tree) -> None:
    """Drop chrome blocks, but never one that holds the headline or half the page's text (a page
    wrapped whole in a ``<form>``, an article whose wrapper's class says "has-share-bar")."""
    body = tree.find("body")
    total = len("".join((body if body is not None else tree).itertext()).split())
    doomed = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in _KEEP_TAGS or not _is_chrome(element):
            continue
        if element.xpath(".//h1") or len("".join(element.itertext()).split()) * 2 > total:
            continue
        doomed.append(element)
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()


# Alef and its hamza/madda/wasla forms (writers mix them up: اقرأ, إقرأ).
_ALEF = "[" + "".join(sorted({k for k, v in ORTHOGRAPHY.items() if v == "ا"} | {"ا"})) + "]"
_READ_ALSO = re.compile(
    # أيضا, أيضاً, أيضًا (the tanween before or after the alef), ايضا...; then no more letters.
    rf"^\s*(?:{_ALEF}قر{_ALEF}|طالع|شاهد|تابع|{_ALEF}نظر)\s*(?:{_ALEF}يض[ا\u064b\u064e]*|المزيد|كذلك)"
    rf"(?![\w{HARAKAT}])"
    rf"|^\s*(?:read (?:also|more)|see also|related)\b|^\s*(?:مواضيع|{_ALEF}خبار|مقالات) (?:ذات صلة|مشابهة|متعلقة)",
    re.IGNORECASE,
)
_CHROME_LINE = re.compile(
    r"^\s*(?:shares?|share this|share|شارك(?:وا)?(?: (?:هذا|ال)\S*)?(?: الخبر| المقال)?|مشاركة|نسخ الرابط|طباعة"
    rf"|نسخة (?:قابلة )?للطباعة|{_ALEF}رسل لصديق|{_ALEF}ضف تعليق\S*|التعليقات(?: \(\d+\))?"
    r"|الوسوم|الكلمات المفتاحية|كلمات مفتاحية|tags)\s*[:：]?\s*$"
    r"|^\s*(?:الوسوم|كلمات مفتاحية|الكلمات المفتاحية|tags)\s*[:：]"
    r"|تابعونا (?:على|عبر)|حمّ?لوا? تطبيق|اشترك(?:وا)? في (?:النشرة|قناتنا)|جميع الحقوق محفوظة|©|all rights reserved"
    r"|ملفات تعريف الارتباط|الكوكيز|\bcookies?\b"
    r"|^\s*[—–-]\s*.{1,80}\(@\w+\)"
    # Publication and update stamps, photo credits, ad labels, "click here" and loading notes.
    r"|^\s*(?:آخر تحديث|تاريخ النشر|تاريخ التحديث|نشر في|نُشر في|نشر بتاريخ|تم النشر|تم التحديث|published|updated)\s*[:：]?"
    r"|^\s*(?:مصدر الصورة|التعليق على الصورة|حقوق الصورة|الصورة|صورة)\s*[:：،]"
    rf"|^\s*(?:{_ALEF}علان|advertisement|sponsored|محتوى مدفوع|جار[يى] التحميل\W*|loading\W*)\s*$"
    r"|{a}ضغط هنا|click here".replace("{a}", _ALEF),
    re.IGNORECASE,
)
# A line of nothing but network names and share words ("فيسبوك تويتر واتساب").
_SOCIAL_WORDS = frozenset(
    "فيسبوك فيس بوك تويتر إكس واتساب واتس آب تيليغرام تلغرام تليجرام لينكدإن لينكد إن انستغرام إنستغرام يوتيوب "
    "البريد الإلكتروني ايميل طباعة مشاركة شارك نسخ الرابط facebook twitter x whatsapp telegram linkedin "
    "email e-mail print copy link share pinterest reddit messenger instagram youtube".split()
)
MIN_WORDS = 10  # less than this is a menu or a caption, not an article
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufff9-\ufffb]")
_SENTENCE_END = re.compile(r"[.!?؟…»\"”)]\s*$")


@dataclass
class Page:
    """What a page gave: the article text (title first) and its metadata."""

    text: str
    title: str = ""
    meta: dict = field(default_factory=dict)  # title, date, author, site_name, canonical_url, encoding
    arabic_share: float = 0.0


def extract(data: bytes, *, url: str | None = None, header_charset: str | None = None, name: str = "the page") -> Page:
    """The article in an HTML page's bytes. :class:`InputError` when it has no main text."""
    html, codec = decode_html(data, header_charset)
    return extract_html(html, url=url, name=name, encoding=codec)


def extract_html(html: str, *, url: str | None = None, name: str = "the page", encoding: str = "utf-8") -> Page:
    import trafilatura
    from lxml import html as lxml_html

    html = _CONTROLS.sub(" ", html).replace("\x00", "")
    try:
        tree = lxml_html.document_fromstring(html) if html.strip() else None
    except Exception:  # noqa: BLE001 - lxml's ParserError and friends: a page with nothing parseable
        tree = None
    if tree is None:
        raise InputError(f"{name}: no HTML in it")
    head_title = _one_line(tree.findtext(".//title") or "")
    _unwrap_layout_tables(tree)
    _drop_read_also_links(tree)
    _drop_chrome(tree)
    try:
        doc = trafilatura.bare_extraction(
            tree, url=url, include_comments=False, include_tables=True, with_metadata=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as error:  # noqa: BLE001 - trafilatura on hostile markup: one line, never a traceback
        raise InputError(f"{name}: the text could not be extracted ({shorten(error, 80)})") from None
    body = getattr(doc, "text", None) or ""
    title = _headline(_one_line(getattr(doc, "title", None) or ""), head_title)
    paragraphs = clean_lines(body.splitlines())
    if title and paragraphs and _same(paragraphs[0], title):
        paragraphs = paragraphs[1:]
    if sum(len(p.split()) for p in paragraphs) < MIN_WORDS:
        raise InputError(f"{name}: no article text found in it (only menus, links or nothing)")
    text = "\n\n".join(([title] if title else []) + paragraphs) + "\n"
    meta = {
        "title": title or None,
        "date": getattr(doc, "date", None) or None,
        "author": _one_line(getattr(doc, "author", None) or "") or None,
        "site_name": _one_line(getattr(doc, "sitename", None) or "") or None,
        "canonical_url": getattr(doc, "url", None) or None,
        "description": _one_line(getattr(doc, "description", None) or "") or None,
        "language": getattr(doc, "language", None) or None,
        "encoding": encoding,
    }
    return Page(text=text, title=title, meta={k: v for k, v in meta.items() if v}, arabic_share=arabic_share(text))


_TITLE_SEPARATOR = re.compile(r"\s+[|\-–—:»«·•]+\s+")


def _headline(title: str, head_title: str) -> str:
    """The headline when trafilatura took the site's name from a ``<title>`` such as
    "الموقع - عنوان الخبر": of the title's parts, the longest."""
    parts = [part.strip() for part in _TITLE_SEPARATOR.split(head_title) if part.strip()]
    if len(parts) > 1 and title in parts:
        longest = max(parts, key=len)
        if len(longest.split()) > len(title.split()):
            return longest
    return title


def _one_line(text: str) -> str:
    return " ".join(_CONTROLS.sub(" ", str(text)).split())


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def _short(line: str) -> bool:
    """A link-list item: a few words without a sentence end."""
    return len(line.split()) <= 25 and not _SENTENCE_END.search(line)


def clean_lines(lines: list[str]) -> list[str]:
    """The paragraphs of trafilatura's text without the chrome lines it left (see the module doc)."""
    out: list[str] = []
    in_list = False
    for raw in lines:
        line = _one_line(raw)
        if not line:
            continue
        if in_list and (_short(line) or line.startswith(("-", "•", "*"))):
            continue  # an item of a "read also" list
        in_list = False
        if _READ_ALSO.search(line):
            # "اقرأ أيضا" alone (a heading): the short lines under it are its links.
            label = re.sub(r"[\W_]", "", _READ_ALSO.sub("", line))  # (marks such as ً are \W)
            in_list = not label
            continue
        if _CHROME_LINE.search(line) and len(line.split()) <= 30:
            continue
        words = re.findall(r"[^\W\d_][\w-]*", line.lower())
        if words and all(word in _SOCIAL_WORDS for word in words):
            continue
        if re.fullmatch(r"[\W\d_]*", line):  # separators, numbers alone (share counters)
            continue
        out.append(line.lstrip("-•* ") if line.startswith(("- ", "• ", "* ")) else line)
    return out


def _unwrap_layout_tables(tree) -> None:
    """Turn layout tables (cells that hold paragraphs or long text) into plain blocks, keeping
    data tables (short cells) as tables. In a layout table, the cells beside the main one that
    hold a fifth of its text or less (menus, polls, side columns) are dropped."""
    for table in reversed(tree.xpath("//table")):
        cells = table.xpath("./tr/td | ./tbody/tr/td | ./tr/th | ./tbody/tr/th")
        sizes = [len(" ".join(cell.text_content().split())) for cell in cells]
        layout = any(cell.xpath(".//p | .//div | .//table | .//br") or size > 300 for cell, size in zip(cells, sizes))
        if not layout or not cells:
            continue
        main = max(sizes)
        for cell, size in zip(cells, sizes):
            if size * 5 <= main and not cell.xpath(".//p"):
                cell.drop_tree()
        for element in table.iter("table", "tbody", "thead", "tfoot", "tr", "td", "th"):
            element.tag = "div"


_LABEL_TAGS = {"b", "strong", "em", "span", "font", "p", "div", "h2", "h3", "h4", "h5", "h6", "label"}


def _drop_read_also_links(tree) -> None:
    """A "اقرأ أيضا" label element and the links right after it (``<a>``, ``<br>``, lists), as
    legacy pages write them: ``<b>اقرأ أيضا:</b><br><a>…</a><br><a>…</a>``."""
    doomed = []
    for element in tree.iter(*_LABEL_TAGS):
        text = " ".join(element.text_content().split())
        if not text or len(text.split()) > 4 or not _READ_ALSO.search(text):
            continue
        if re.sub(r"[\W_]", "", _READ_ALSO.sub("", text)):
            continue  # more than a label
        doomed.append(element)
        tail_clear = not (element.tail or "").strip()
        following = element.getnext()
        while tail_clear and following is not None and following.tag in ("a", "br", "ul", "ol"):
            doomed.append(following)
            tail_clear = not (following.tail or "").strip()
            following = following.getnext()
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()
