"""`add URL`, `add page.html`: extraction against hand-checked gold texts, metadata, dedupe,
encodings, and every fetch fault, against a real HTTP server on 127.0.0.1 (bounded time)."""

from __future__ import annotations

import collections
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import one_error_line, terminal_env

from readcli.sentences import segment
from readcli.testing.webserver import WebServer

PAGES = Path(__file__).parent / "data" / "web"
PAGE_NAMES = sorted(p.stem for p in PAGES.glob("*.html"))
# Pages in other shapes, written after the clean-up rules were set on PAGES (bench/make_web_pages.py).
HELD_OUT = Path(__file__).parent / "data" / "web-heldout"
ALL_PAGES = sorted(PAGES.glob("*.html")) + sorted(HELD_OUT.glob("*.html"))

# Lines of the fixtures' chrome: none may reach the corpus.
BOILERPLATE = (
    "اقرأ أيضا", "اقرأ أيضاً", "اقرأ المزيد", "شارك", "Shares", "فيسبوك", "واتساب", "ملفات تعريف الارتباط",
    "الكوكيز", "التعليقات", "مقال رائع", "لا أتفق", "أخبار ذات صلة", "مقالات مشابهة", "الأكثر قراءة",
    "جميع الحقوق محفوظة", "©", "الرئيسية", "اتصل بنا", "النشرة البريدية", "الوسوم", "تابعونا", "صورة أرشيفية",
    "طباعة", "أرسل لصديق", "عاجل", "المقال السابق", "@newschannel",
)


def sentences(text: str) -> list[str]:
    return [" ".join(s.text.split()) for s in segment(text)]


def f1(gold: str, got: str) -> float:
    g, o = collections.Counter(sentences(gold)), collections.Counter(sentences(got))
    tp = sum((g & o).values())
    if not tp:
        return 0.0
    p, r = tp / sum(o.values()), tp / sum(g.values())
    return 2 * p * r / (p + r)


@pytest.fixture
def server():
    with WebServer(max_seconds=10) as web:
        yield web


def serve_pages(server) -> None:
    for name in PAGE_NAMES:
        server.route(f"/{name}.html", body=(PAGES / f"{name}.html").read_bytes(), content_type="text/html")


def stored(corpus: Path, article_id: str) -> tuple[str, dict]:
    [path] = corpus.glob(f"{article_id}_*.txt")
    meta = path.with_suffix(".json")
    return path.read_text(encoding="utf-8"), json.loads(meta.read_text(encoding="utf-8")) if meta.exists() else {}


@pytest.mark.parametrize("page", ALL_PAGES, ids=lambda p: p.stem)
def test_add_url_keeps_exactly_the_article(cli, corpus, server, page):
    name = page.stem
    # td-brs-cp1256 declares its windows-1256 only in the HTTP header.
    kind = "text/html; charset=windows-1256" if name == "td-brs-cp1256" else "text/html"
    server.route(f"/{name}.html", body=page.read_bytes(), content_type=kind)
    result = cli("add", server.url(f"/{name}.html"))
    assert result.exit_code == 0, result.output
    article_id = result.stdout.strip()
    text, meta = stored(corpus, article_id)
    gold = page.with_name(f"{name}.gold.txt").read_text(encoding="utf-8")
    assert sentences(text) == sentences(gold)
    assert text == gold  # paragraphs kept as paragraphs: title, blank line, one a line
    for line in text.splitlines():  # (the article's own words may contain them: مشاركتها)
        assert not line.startswith(BOILERPLATE), line
    assert meta["url"] == server.url(f"/{name}.html")
    assert meta["title"] == gold.splitlines()[0]


def test_add_saved_page_file(cli, corpus):
    result = cli("add", str(PAGES / "portal.html"))
    assert result.exit_code == 0, result.output
    text, meta = stored(corpus, result.stdout.strip())
    assert text == (PAGES / "portal.gold.txt").read_text(encoding="utf-8")
    assert meta["file"] == "portal.html"
    assert meta["canonical_url"] == "https://alkhabar.example/news/2024/05/12/wales-assembly"
    assert meta["date"] == "2024-05-12" and meta["author"] == "مراسل الخبر في لندن"
    assert meta["site_name"] == "الخبر اليوم"


def test_page_saved_without_suffix_is_sniffed(cli, corpus, tmp_path):
    page = tmp_path / "saved"
    page.write_bytes((PAGES / "feature.html").read_bytes())
    result = cli("add", str(page))
    assert result.exit_code == 0, result.output
    text, _ = stored(corpus, result.stdout.strip())
    assert text == (PAGES / "feature.gold.txt").read_text(encoding="utf-8")


def test_metadata_in_info_show_meta_and_list(cli, corpus, server):
    serve_pages(server)
    url = server.url("/wordpress.html")
    article_id = cli("add", url).stdout.strip()
    info = cli("info", article_id).stdout.splitlines()
    fields = dict(line.split("\t", 1) for line in info)
    assert info[0] == f"id\t{article_id}"
    assert info[2:6] == [
        "title\tلن يتم دق أجراس سانت مارتن حيث إن الكنائس في هارلم تعاني",
        "date\t2023-11-03",
        "author\tهيئة التحرير",
        "site_name\tأخبار الوطن",
    ]
    assert fields["canonical_url"] == "https://akhbar-alwatan.example/2023/11/03/story-184853/"
    assert fields["url"] == url and fields["encoding"] == "utf-8"
    assert time.strptime(fields["fetched"], "%Y-%m-%dT%H:%M:%SZ")
    assert cli("show", article_id, "--meta").stdout.splitlines() == info
    rows = {row.split("\t")[0]: row.split("\t") for row in cli("list").stdout.splitlines()}
    assert rows[article_id][5:7] == ["2023-11-03", "أخبار الوطن"]
    assert rows["004"][5:7] == ["", ""]  # a text file: no date, no source; columns stay
    assert len(rows["004"]) == 8  # then the learner's known column (empty: no known words)


def test_same_url_again_prints_the_existing_id(cli, corpus, server):
    serve_pages(server)
    first = cli("add", server.url("/portal.html"))
    before = sorted(p.name for p in corpus.iterdir())
    again = cli("add", server.url("/portal.html"))
    assert again.exit_code == 0 and again.stdout == first.stdout
    assert "same URL" in again.stderr and "not added again" in again.stderr
    assert server.hits("/portal.html") == 1  # known URL: not even fetched
    assert sorted(p.name for p in corpus.iterdir()) == before


def test_canonical_url_and_text_dedupe(cli, corpus, server):
    serve_pages(server)
    body = (PAGES / "portal.html").read_bytes()
    server.route("/amp/portal?utm_source=x", body=body)
    first = cli("add", server.url("/portal.html")).stdout
    # Another address, same canonical URL in the page.
    other = cli("add", server.url("/amp/portal?utm_source=x"))
    assert other.exit_code == 0 and other.stdout == first and "same URL" in other.stderr
    # No canonical URL, the same text: the text dedupe of `add`.
    body = (PAGES / "undeclared-cp1256.html").read_bytes()
    server.route("/a.html", body=body)
    server.route("/b.html", body=body.replace(b"<title>", b"<title> "))
    a = cli("add", server.url("/a.html")).stdout
    b = cli("add", server.url("/b.html"))
    assert b.exit_code == 0 and b.stdout == a and "same text" in b.stderr
    assert len(list(corpus.glob("*.txt"))) == 4


def test_windows_1256_declared_in_the_http_header(cli, corpus, server):
    gold = (PAGES / "legacy-cp1256.gold.txt").read_text(encoding="utf-8")
    html = (PAGES / "legacy-cp1256.html").read_bytes().replace(b"charset=windows-1256", b"")
    server.route("/h.html", body=html, content_type="text/html; charset=windows-1256")
    # A server that calls it Latin-1 (old Arabic sites do): the bytes are believed.
    server.route("/l.html", body=html, content_type="text/html; charset=iso-8859-1")
    for path in ("/h.html", "/l.html"):
        result = cli("add", server.url(path))
        assert result.exit_code == 0, result.output
        text, meta = stored(corpus, result.stdout.strip())
        assert text == gold and meta["encoding"] == "cp1256"


def test_the_http_header_charset_decides(cli, corpus, server):
    """ISO-8859-6 bytes would also read as (wrong) Arabic in windows-1256: only the header tells."""
    gold = (PAGES / "feature.gold.txt").read_text(encoding="utf-8")
    html = (PAGES / "feature.html").read_text(encoding="utf-8").replace('<meta charset="utf-8">', "")
    server.route("/iso.html", body=html.encode("iso8859-6", "xmlcharrefreplace"), content_type="text/html; charset=ISO-8859-6")
    result = cli("add", server.url("/iso.html"))
    assert result.exit_code == 0, result.output
    text, meta = stored(corpus, result.stdout.strip())
    assert text == gold and meta["encoding"] == "iso8859-6"


def test_page_that_is_not_arabic(cli, corpus, server):
    english = "<html><head><title>Market report</title></head><body><article><h1>Market report</h1>" + "".join(
        f"<p>Shares in the company rose by {n} percent on Monday after the results were published.</p>"
        for n in range(8)
    ) + "<p>قال المتحدث إن النتائج جيدة.</p></article></body></html>"
    server.route("/en.html", body=english.encode())
    result = cli("add", server.url("/en.html"))
    assert result.exit_code == 3 and result.stdout == ""
    assert result.stderr.startswith("readcli: warning: ") and len(result.stderr.splitlines()) == 1
    assert "is not Arabic: 4% of its letters are Arabic" in result.stderr and "--force" in result.stderr
    assert len(list(corpus.glob("*.txt"))) == 2
    forced = cli("add", server.url("/en.html"), "--force")
    assert forced.exit_code == 0
    text, meta = stored(corpus, forced.stdout.strip())
    assert text.startswith("Market report\n\nShares in the company rose by 0 percent") and meta["arabic_share"] == 0.04


def test_nothing_fetched_reaches_the_terminal_raw(cli, corpus, server, monkeypatch):
    page = (PAGES / "feature.html").read_text(encoding="utf-8")
    page = page.replace("<h1>", "<h1>\x1b]0;owned\x07\x9b2J").replace("<p>", "<p>\x1b[31m", 1)
    server.route("/x.html", body=page.encode())
    article_id = cli("add", server.url("/x.html")).stdout.strip()
    text, meta = stored(corpus, article_id)
    assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text
    assert "\x1b" not in json.dumps(meta, ensure_ascii=False)
    shown = ""
    for args in (("info", article_id), ("list",)):
        env = terminal_env(stdout=True)
        assert cli(*args, env=env).exit_code == 0
        shown += env.stdout.getvalue()
    assert "ﺍ" in shown or "ا" in shown  # the table was written
    assert "\x1b]" not in shown and "\x9b" not in shown and "\x07" not in shown


# --- faults: one error line, exit 1, nothing added, bounded time ---------------------------


def _nothing_added(corpus: Path) -> None:
    assert sorted(p.name for p in corpus.iterdir()) == sorted(p.name for p in (Path(__file__).parents[1] / "corpus").iterdir())


def test_http_404(cli, corpus, server):
    one_error_line(cli("add", server.url("/gone.html")), "cannot fetch", "/gone.html", "HTTP 404")
    _nothing_added(corpus)


def test_redirect_loop_and_limit(cli, corpus, server):
    server.route("/r1", status=302, headers={"Location": "/r2"})
    server.route("/r2", status=302, headers={"Location": server.url("/r1")})
    one_error_line(cli("add", server.url("/r1")), "redirect loop")
    for n in range(8):
        server.route(f"/hop{n}", status=301, headers={"Location": f"/hop{n + 1}"})
    one_error_line(cli("add", server.url("/hop0")), "more than 5 redirects")
    server.route("/p.html", body=(PAGES / "feature.html").read_bytes())
    server.route("/moved", status=308, headers={"Location": "/p.html"})
    result = cli("add", server.url("/moved"))
    assert result.exit_code == 0
    assert stored(corpus, result.stdout.strip())[1]["final_url"] == server.url("/p.html")
    _, meta = stored(corpus, result.stdout.strip())
    assert meta["url"] == server.url("/moved")


def test_only_http_and_https(cli, corpus, server):
    server.route("/to-file", status=302, headers={"Location": "file:///etc/passwd"})
    one_error_line(cli("add", server.url("/to-file")), "not an http(s) URL")
    one_error_line(cli("feed", "add", "ftp://127.0.0.1/feed.xml"), "only http and https")
    _nothing_added(corpus)


def test_stalled_server_hits_the_deadline(cli, corpus, server):
    server.route("/stall.html", body=b"<html></html>", stall=8)
    started = time.monotonic()
    one_error_line(cli("add", server.url("/stall.html"), "--timeout", "1"), "cannot fetch", "/stall.html")
    assert time.monotonic() - started < 4
    _nothing_added(corpus)


def test_drip_feed_server_hits_the_deadline(cli, corpus, server):
    # A byte every 0.05 s: every read gets data, so only the overall deadline stops it.
    server.route("/drip.html", body=(PAGES / "feature.html").read_bytes(), drip=0.05)
    started = time.monotonic()
    one_error_line(cli("add", server.url("/drip.html"), "--timeout", "1.5"), "within the 1.5 s deadline")
    assert time.monotonic() - started < 4
    _nothing_added(corpus)


@pytest.mark.parametrize("no_length", [False, True])
def test_50_mb_page_is_refused(cli, corpus, server, no_length):
    server.route("/big.html", huge=50 * 2**20, no_length=no_length)
    started = time.monotonic()
    one_error_line(cli("add", server.url("/big.html")), "10 MB cap (--max-size)")
    assert time.monotonic() - started < 8
    _nothing_added(corpus)


def test_max_size_option(cli, corpus, server):
    server.route("/p.html", body=(PAGES / "wordpress.html").read_bytes())
    one_error_line(cli("add", server.url("/p.html"), "--max-size", "0.01"), "10 KB cap")
    assert cli("add", server.url("/p.html"), "--max-size", "1").exit_code == 0


def test_non_html_content(cli, corpus, server):
    server.route("/doc.pdf", body=b"%PDF-1.4 ...", content_type="application/pdf")
    one_error_line(cli("add", server.url("/doc.pdf")), "is application/pdf, not an HTML page")
    _nothing_added(corpus)


def test_plain_text_url_is_an_article(cli, corpus, server):
    server.route("/a.txt", body="خبر قصير عن الطقس.\nوأضاف المتحدث أن الجو حار.\n".encode("cp1256"),
                 content_type="text/plain; charset=windows-1256")
    result = cli("add", server.url("/a.txt"))
    assert result.exit_code == 0
    assert stored(corpus, result.stdout.strip())[0] == "خبر قصير عن الطقس.\nوأضاف المتحدث أن الجو حار.\n"


def test_page_without_main_text(cli, corpus, server):
    html = ("<html><head><title>الرئيسية</title></head><body><nav><a href='/'>الرئيسية</a> <a href='/a'>أخبار</a></nav>"
            "<div class='share'>شارك</div><footer>جميع الحقوق محفوظة</footer></body></html>")
    server.route("/empty.html", body=html.encode())
    one_error_line(cli("add", server.url("/empty.html")), "no article text found")
    server.route("/blank.html", body=b"")
    one_error_line(cli("add", server.url("/blank.html")), "no HTML")
    server.route("/photo.html", body="<html><body><div class='content'><p>صورة اليوم من الميناء</p></div></body></html>".encode())
    one_error_line(cli("add", server.url("/photo.html")), "no article text found")
    _nothing_added(corpus)


def test_connection_refused(cli, corpus):
    one_error_line(cli("add", "http://127.0.0.1:9/a.html", "--timeout", "2"), "connection refused")


def test_add_url_through_a_real_process(corpus, server):
    """The installed command, in its own process: one id on stdout, the article in the corpus."""
    serve_pages(server)
    proc = subprocess.run(
        [sys.executable, "-m", "readcli", "--corpus", str(corpus), "add", server.url("/broadcaster.html")],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stderr
    text, _ = stored(corpus, proc.stdout.strip())
    assert text == (PAGES / "broadcaster.gold.txt").read_text(encoding="utf-8")
    assert server.requests[0][1]["user-agent"].startswith("readcli/")


def test_a_sidecar_without_its_article_is_ignored(cli, corpus, server):
    """What a killed `add` can leave (the sidecar is written first): no URL dedupe, no metadata."""
    serve_pages(server)
    orphan = {"url": server.url("/portal.html"), "date": "2001-01-01", "site_name": "orphan"}
    (corpus / "005_ffffffffffffffff.json").write_text(json.dumps(orphan), encoding="utf-8")
    result = cli("add", server.url("/portal.html"))
    assert result.exit_code == 0 and result.stdout == "005\n" and result.stderr.startswith("added 005")
    row = [r for r in cli("list").stdout.splitlines() if r.startswith("005\t")][0]
    assert row.split("\t")[5:7] == ["2024-05-12", "الخبر اليوم"]


def test_the_http_header_wins_over_meta(cli, corpus, server):
    """The HTTP header's charset comes before the page's own <meta> (a template left with a wrong
    one); the bytes are windows-1256."""
    gold = (PAGES / "legacy-cp1256.gold.txt").read_text(encoding="utf-8")
    html = (PAGES / "legacy-cp1256.html").read_bytes().replace(b"charset=windows-1256", b"charset=koi8-r")
    server.route("/koi.html", body=html, content_type="text/html; charset=windows-1256")
    result = cli("add", server.url("/koi.html"))
    assert result.exit_code == 0, result.output
    text, meta = stored(corpus, result.stdout.strip())
    assert text == gold and meta["encoding"] == "cp1256"


def test_a_page_on_standard_input(cli, corpus):
    """`curl -s URL | readcli add -`: the page is recognised and its article extracted."""
    result = cli("add", "-", input=(PAGES / "wordpress.html").read_bytes())
    assert result.exit_code == 0, result.output
    text, meta = stored(corpus, result.stdout.strip())
    assert text == (PAGES / "wordpress.gold.txt").read_text(encoding="utf-8")
    assert "file" not in meta and meta["canonical_url"].endswith("/story-184853/")


def test_a_page_wrapped_whole_in_chrome_keeps_its_article(cli, corpus, server):
    """An ASP.NET page lives inside one <form>; an article wrapper may be named "…-share-…":
    neither is taken for chrome."""
    html = (PAGES / "portal.html").read_text(encoding="utf-8")
    html = html.replace("<body>", '<body><form id="aspnetForm" method="post">').replace("</body>", "</form></body>")
    html = html.replace('<article class="news-article">', '<article class="news-article"><div class="post has-share-bar">')
    html = html.replace("</article>", "</div></article>")
    server.route("/asp.html", body=html.encode())
    result = cli("add", server.url("/asp.html"))
    assert result.exit_code == 0, result.output
    assert stored(corpus, result.stdout.strip())[0] == (PAGES / "portal.gold.txt").read_text(encoding="utf-8")


def test_chrome_lines_go_and_prose_with_the_same_words_stays():
    from readcli.web.page import clean_lines

    chrome = [
        "اقرأ أيضا", "الرئيس يستقبل الوفد", "عاجل: الحكومة تعلن", "إقرأ أيضاً: الحكومة تعلن موازنة جديدة",
        "اقرأ أيضًا:", "وزير الخارجية يزور القاهرة", "اقرا ايضا: عنوان آخر",
        "شاهد أيضا: فيديو المؤتمر", "اقرأ المزيد", "Shares:", "شارك", "شارك هذا الخبر:", "Shares: 120",
        "فيسبوك | تويتر | واتساب", "Facebook Twitter WhatsApp", "نسخة للطباعة", "أرسل لصديق", "التعليقات (3)",
        "الوسوم: سياسة، اقتصاد", "Tags: a, b", "تابعونا على تطبيق القناة", "جميع الحقوق محفوظة © 2024",
        "نستخدم ملفات تعريف الارتباط لتحسين تجربتك.", "آخر تحديث: 12 مايو 2024", "مصدر الصورة، Getty Images",
        "إعلان", "للمزيد اضغط هنا", "— قناة الأخبار (@newschannel) January 20, 2022", "123",
    ]
    prose = [
        "وشارك في الاجتماع عشرة وزراء من دول المنطقة.",
        "وقال الوزير إن الصورة واضحة للجميع، وإن تويتر ليس مصدرا للأخبار.",
        "أظهرت لقطات تمت مشاركتها على مواقع التواصل الاجتماعي حجم الدمار.",
    ]
    # The heading "اقرأ أيضا" takes the short lines under it; the prose after it ends the list.
    assert clean_lines(chrome + prose) == prose
    assert clean_lines(prose[:1] + ["اقرأ أيضا"] + prose[1:]) == prose


def test_force_replacing_an_article_replaces_its_sidecar(cli, corpus, server):
    serve_pages(server)
    assert cli("add", server.url("/portal.html"), "--id", "050").exit_code == 0
    assert cli("add", server.url("/feature.html"), "--id", "050", "--force").exit_code == 0
    [sidecar] = corpus.glob("050_*.json")
    assert json.loads(sidecar.read_text(encoding="utf-8"))["url"] == server.url("/feature.html")
    assert [p.stem for p in corpus.glob("050_*.txt")] == [sidecar.stem]


def test_an_arabic_url_path(cli, corpus, server):
    """Arabic news URLs carry Arabic slugs: they are sent percent-encoded, as browsers do."""
    server.route("/news/%D8%AE%D8%A8%D8%B1-%D8%B9%D8%A7%D8%AC%D9%84.html?id=%D9%A1",
                 body=(PAGES / "feature.html").read_bytes())
    result = cli("add", server.url("/news/خبر-عاجل.html?id=١"))
    assert result.exit_code == 0, result.output
    assert stored(corpus, result.stdout.strip())[1]["url"] == server.url("/news/خبر-عاجل.html?id=١")
    again = cli("add", server.url("/news/%D8%AE%D8%A8%D8%B1-%D8%B9%D8%A7%D8%AC%D9%84.html?id=%D9%A1"))
    assert again.exit_code == 0 and again.stdout == result.stdout and "same URL" in again.stderr
    assert len(server.requests) == 1  # the encoded form is the same URL: not fetched again


def test_a_site_first_title_gives_the_headline(cli, corpus, server):
    """<title>الموقع - العنوان</title> and nothing else to go by: the headline, not the site."""
    body = "".join(f"<p>{line}</p>" for line in (PAGES / "feature.gold.txt").read_text(encoding="utf-8").split("\n\n")[1:])
    html = f"<html><head><title>المجلة - كاني ويست: مغني الراب يغير اسمه إلى يي</title></head><body><div>{body}</div></body></html>"
    server.route("/t.html", body=html.encode())
    result = cli("add", server.url("/t.html"))
    assert result.exit_code == 0, result.output
    text, meta = stored(corpus, result.stdout.strip())
    assert meta["title"] == "كاني ويست: مغني الراب يغير اسمه إلى يي"
    assert text == (PAGES / "feature.gold.txt").read_text(encoding="utf-8")
