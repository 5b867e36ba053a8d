"""Build the Arabic news page fixtures in tests/data/web and tests/data/web-heldout from
NTREX-128 articles (CC BY-SA 4.0, shared/data): each an HTML page in the shape of a real site and
its gold text (title, blank line, paragraphs). Running it again rewrites the same files.

Usage: python bench/make_web_pages.py [SHARED_DATA_FOLDER]
"""

import html as markup
import json
import sys
from pathlib import Path

SRC = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "data"
OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "web"
ids = SRC.joinpath("ntrex128.document_ids.tsv").read_text().splitlines()
lines = SRC.joinpath("ntrex128.arb.txt").read_text().splitlines()
docs = {}
for d, line in zip(ids, lines):
    docs.setdefault(d, []).append(line.strip())
order = list(docs)

def paras(body, size=2):
    return [" ".join(body[i:i+size]) for i in range(0, len(body), size)]

NAV = """<header class="site-header"><div class="logo"><a href="/">الخبر اليوم</a></div>
<nav class="main-menu"><ul><li><a href="/">الرئيسية</a></li><li><a href="/politics">سياسة</a></li><li><a href="/economy">اقتصاد</a></li>
<li><a href="/sport">رياضة</a></li><li><a href="/culture">ثقافة وفنون</a></li><li><a href="/tech">تكنولوجيا</a></li><li><a href="/opinion">مقالات الرأي</a></li><li><a href="/contact">اتصل بنا</a></li></ul></nav>
<div class="breaking">عاجل: <a href="/news/1">الرئيس يستقبل وفدا رفيع المستوى في القصر</a></div></header>"""
COOKIE = """<div id="cookie-consent" class="cookie-banner"><p>نستخدم ملفات تعريف الارتباط (الكوكيز) لتحسين تجربتك على موقعنا. بمواصلة التصفح فإنك توافق على سياسة الخصوصية الخاصة بنا.</p><button>موافق</button> <a href="/privacy">اعرف المزيد</a></div>"""
SHARE = """<div class="share-bar"><span>شارك</span> <a href="#">فيسبوك</a> <a href="#">تويتر</a> <a href="#">واتساب</a> <a href="#">تيليغرام</a> <a href="#">نسخ الرابط</a></div>"""
FOOTER = """<footer><div class="newsletter"><h4>اشترك في النشرة البريدية</h4><p>احصل على أهم الأخبار يوميا في بريدك الإلكتروني.</p><form><input type="email"><button>اشترك</button></form></div>
<ul class="footer-links"><li><a href="/about">من نحن</a></li><li><a href="/ads">أعلن معنا</a></li><li><a href="/privacy">سياسة الخصوصية</a></li><li><a href="/terms">شروط الاستخدام</a></li></ul>
<p class="copyright">جميع الحقوق محفوظة © 2024 الخبر اليوم</p></footer>"""

def read_also(heads, word="اقرأ أيضا"):
    items = "".join(f'<li><a href="/news/{i+100}">{h}</a></li>' for i, h in enumerate(heads))
    return f'<div class="read-also"><h3>{word}</h3><ul>{items}</ul></div>'

def related(heads, bodies):
    cards = "".join(f'<div class="card"><a href="/news/{i+200}"><img src="/img/{i}.jpg" alt=""><h4>{h}</h4></a><p>{b}</p></div>'
                    for i, (h, b) in enumerate(zip(heads, bodies)))
    return f'<section class="related-news"><h3>أخبار ذات صلة</h3>{cards}</section>'

def comments():
    cs = [("أبو محمد", "مقال رائع ومفيد جدا، شكرا للكاتب على هذا التحليل."),
          ("سارة", "لا أتفق مع ما جاء في الخبر، الحقيقة مختلفة تماما على أرض الواقع."),
          ("خالد من عمان", "متى سيتم تطبيق هذه القرارات بشكل فعلي؟")]
    items = "".join(f'<li class="comment"><div class="comment-author">{a}</div><div class="comment-body"><p>{t}</p></div><a class="reply">رد</a></li>' for a, t in cs)
    return f'<section id="comments" class="comments-area"><h3>التعليقات (3)</h3><ol class="comment-list">{items}</ol><form class="comment-form"><h4>أضف تعليقك</h4><textarea></textarea><button>إرسال</button></form></section>'

def jsonld(title, date, author, site, url):
    return '<script type="application/ld+json">' + json.dumps({
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": title, "datePublished": date,
        "author": {"@type": "Person", "name": author}, "publisher": {"@type": "Organization", "name": site},
        "mainEntityOfPage": url}, ensure_ascii=False) + "</script>"

def og(title, site, url, date=None):
    title = markup.escape(title)
    s = f'<meta property="og:title" content="{title}"><meta property="og:site_name" content="{site}"><meta property="og:url" content="{url}"><meta property="og:type" content="article">'
    if date:
        s += f'<meta property="article:published_time" content="{date}">'
    return s

pages = []

def write(name, html, title, ps, encoding="utf-8"):
    if encoding == "cp1256":  # the Arabic percent sign is not in the code page
        html, title, ps = html.replace("\u066a", "%"), title.replace("\u066a", "%"), [p.replace("\u066a", "%") for p in ps]
    OUT.joinpath(name + ".html").write_bytes(html.encode(encoding))
    fold = lambda line: " ".join(line.split())  # noqa: E731 - the page shows runs of spaces as one
    OUT.joinpath(name + ".gold.txt").write_text(fold(title) + "\n\n" + "\n\n".join(map(fold, ps)) + "\n", encoding="utf-8")

# 1. A portal: JSON-LD, header menu, share bar top and bottom, an "اقرأ أيضا" box inside the body, related teasers, comments, cookie banner.
d = docs[order[0]]
title, body = d[0], d[1:]
ps = paras(body)
others = [docs[order[k]][0] for k in (5, 6, 7)]
url = "https://alkhabar.example/news/2024/05/12/wales-assembly"
html = f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title} | الخبر اليوم</title>
<link rel="canonical" href="{url}">{og(title, "الخبر اليوم", url)}{jsonld(title, "2024-05-12T09:30:00+03:00", "مراسل الخبر في لندن", "الخبر اليوم", url)}</head>
<body>{COOKIE}{NAV}<main><article class="news-article"><div class="breadcrumb"><a href="/">الرئيسية</a> / <a href="/world">عالم</a></div>
<h1 class="headline">{title}</h1><div class="meta"><span class="author">مراسل الخبر في لندن</span> <time datetime="2024-05-12">12 مايو 2024</time></div>{SHARE}
<figure><img src="/img/main.jpg" alt=""><figcaption>صورة أرشيفية من مبنى البرلمان</figcaption></figure>
<div class="article-body">""" + "".join(f"<p>{p}</p>" for p in ps[:3]) + read_also(others) + "".join(f"<p>{p}</p>" for p in ps[3:]) + f"""</div>
<div class="tags"><span>الوسوم:</span> <a href="/tag/1">ويلز</a> <a href="/tag/2">بريطانيا</a> <a href="/tag/3">برلمان</a></div>{SHARE}</article>
{related([docs[order[k]][0] for k in (8, 9, 10)], [docs[order[k]][1] for k in (8, 9, 10)])}{comments()}</main>{FOOTER}</body></html>"""
write("portal", html, title, ps)

# 2. A WordPress blog theme: entry-content, "Shares:" counter at the end, tags, related posts, comments.
d = docs[order[2]]
title, body = d[0], d[1:]
ps = paras(body, 3)
url = "https://akhbar-alwatan.example/2023/11/03/story-184853/"
html = f"""<!DOCTYPE html><html dir="rtl" lang="ar"><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<title>{title} &#8211; أخبار الوطن</title><link rel="canonical" href="{url}">{og(title, "أخبار الوطن", url, "2023-11-03T14:00:00+00:00")}
<meta name="author" content="هيئة التحرير"></head><body class="post-template-default single single-post">
<div id="page"><header id="masthead"><div class="site-branding"><p class="site-title"><a href="/">أخبار الوطن</a></p><p class="site-description">أخبار محلية ودولية على مدار الساعة</p></div>
<nav id="site-navigation"><ul id="primary-menu"><li><a href="/">الرئيسية</a></li><li><a href="/category/local">محليات</a></li><li><a href="/category/world">دوليات</a></li><li><a href="/category/economy">اقتصاد</a></li><li><a href="/category/sport">رياضة</a></li></ul></nav></header>
<div id="content"><div id="primary"><main id="main"><article class="post type-post status-publish format-standard hentry">
<header class="entry-header"><h1 class="entry-title">{title}</h1><div class="entry-meta"><span class="posted-on">نشر في <time class="entry-date published" datetime="2023-11-03T14:00:00+00:00">3 نوفمبر 2023</time></span> <span class="byline">بواسطة <a href="/author/editor">هيئة التحرير</a></span></div></header>
<div class="entry-content">""" + "".join(f"<p>{p}</p>" for p in ps) + """
<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Shares:</h3><ul><li><a href="#">Facebook</a></li><li><a href="#">X</a></li><li><a href="#">WhatsApp</a></li></ul></div></div>
<footer class="entry-footer"><span class="cat-links">نشرت في <a href="/category/world">دوليات</a></span> <span class="tags-links">الوسوم <a href="/tag/usa">أمريكا</a></span></footer></article>
<nav class="post-navigation"><div class="nav-previous"><a href="/prev">المقال السابق: """ + docs[order[11]][0] + """</a></div><div class="nav-next"><a href="/next">المقال التالي: """ + docs[order[12]][0] + """</a></div></nav>
<div class="jp-relatedposts"><h3>مقالات مشابهة</h3>""" + "".join(f'<div class="jp-relatedposts-post"><h4><a href="/r{k}">{docs[order[k]][0]}</a></h4><p>{docs[order[k]][1]}</p></div>' for k in (13, 14, 15)) + """</div>
""" + comments() + """</main></div><aside id="secondary" class="widget-area"><section class="widget"><h2 class="widget-title">الأكثر قراءة</h2><ul>""" + "".join(f'<li><a href="/m{k}">{docs[order[k]][0]}</a></li>' for k in (16, 17, 18, 19)) + """</ul></section></aside></div>
<footer id="colophon"><div class="site-info">جميع الحقوق محفوظة لموقع أخبار الوطن 2023</div></footer></div>
<div class="cookie-notice-container"><span id="cn-notice-text">يستخدم هذا الموقع ملفات تعريف الارتباط لضمان حصولك على أفضل تجربة.</span><a href="#" id="cn-accept-cookie">أوافق</a></div></body></html>"""
write("wordpress", html, title, ps)

# 3. A legacy page in windows-1256, declared in <meta http-equiv>; table layout, no metadata.
d = docs[order[3]]
title, body = d[0], d[1:]
ps = paras(body)
html = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256"><title>{title}</title></head>
<body dir="rtl" bgcolor="#FFFFFF"><table width="100%"><tr><td class="menu"><a href="index.htm">الصفحة الرئيسية</a> | <a href="arab.htm">عربي ودولي</a> | <a href="eco.htm">اقتصاد</a> | <a href="sport.htm">رياضة</a> | <a href="arch.htm">الأرشيف</a></td></tr>
<tr><td width="75%" valign="top"><font size="5"><b>{title}</b></font><br><font size="2" color="gray">الخميس 14 مارس 2019</font><br><br>
""" + "".join(f"<p>{p}</p>" for p in ps) + """<p><a href="print.htm">طباعة</a> | <a href="send.htm">أرسل لصديق</a></p></td>
<td width="25%" valign="top" class="side"><b>أخبار أخرى</b><br>""" + "<br>".join(f'<a href="n{k}.htm">{docs[order[k]][0]}</a>' for k in (20, 21, 22)) + """</td></tr>
<tr><td colspan="2" align="center"><font size="1">جميع الحقوق محفوظة © الجريدة 2019</font></td></tr></table></body></html>"""
write("legacy-cp1256", html, title, ps, encoding="cp1256")

# 4. A broadcaster: OpenGraph only, inline "اقرأ أيضاً:" paragraph links inside the text, captions, embedded tweet, a trailing "تابعونا" line.
d = docs[order[4]]
title, body = d[0], d[1:]
ps = paras(body)
url = "https://news-channel.example/article/1520033"
inline = f'<p><strong>اقرأ أيضاً:</strong> <a href="/article/99">{docs[order[23]][0]}</a></p>'
inline2 = f'<p class="read-more">اقرأ المزيد: <a href="/article/98">{docs[order[24]][0]}</a></p>'
mid = len(ps) // 2
html = f"""<!doctype html><html lang="ar"><head><meta charset="UTF-8"><title>{title} - قناة الأخبار</title>
{og(title, "قناة الأخبار", url, "2022-01-20T08:15:00Z")}<meta name="twitter:card" content="summary_large_image"></head><body>
<div class="top-bar"><a href="/live">البث المباشر</a> <a href="/programs">البرامج</a> <a href="/weather">الطقس</a> <span class="date">الخميس 20 يناير 2022</span></div>
<nav><a href="/">الرئيسية</a> <a href="/arab">العالم العربي</a> <a href="/world">العالم</a> <a href="/business">اقتصاد</a> <a href="/video">فيديو</a></nav>
<div class="story"><h1>{title}</h1><div class="story-info">أبوظبي - قناة الأخبار <span>نشر في: 20 يناير 2022 - 08:15 بتوقيت غرينتش</span></div>
<div class="social"><a class="fb" href="#">مشاركة</a> <a class="tw" href="#">تغريد</a> <a href="#">طباعة</a></div>
<figure class="story-image"><img src="/i/1.jpg"><figcaption>أرشيفية - رويترز</figcaption></figure>
<div class="story-body">""" + "".join(f"<p>{p}</p>" for p in ps[:mid]) + inline + "".join(f"<p>{p}</p>" for p in ps[mid:]) + inline2 + """
<blockquote class="twitter-tweet"><p>عاجل | تغريدة مضمنة من حساب القناة على تويتر</p>— قناة الأخبار (@newschannel) January 20, 2022</blockquote>
<p class="follow">تابعونا على تطبيق قناة الأخبار للحصول على آخر الأخبار العاجلة</p></div>
<div class="story-tags"><a href="/t/1">السياسة</a><a href="/t/2">أوروبا</a></div></div>
<div class="most-watched"><h2>الأكثر مشاهدة</h2>""" + "".join(f'<a href="/v{k}"><span>{docs[order[k]][0]}</span></a>' for k in (25, 26)) + """</div>
<footer>© 2022 قناة الأخبار. جميع الحقوق محفوظة.</footer>
<div class="gdpr"><p>هذا الموقع يستخدم الكوكيز. باستمرارك في استخدام الموقع، فإنك توافق على استخدامنا لملفات تعريف الارتباط.</p><button>قبول الكل</button><button>رفض</button></div></body></html>"""
write("broadcaster", html, title, ps)

# 5. No charset declared anywhere, the bytes in windows-1256 (detected).
d = docs[order[27]]
title, body = d[0], d[1:]
ps = paras(body)
html = f"""<html><head><title>{title}</title></head><body><div id="menu"><a href="/">الرئيسية</a> - <a href="/a">أخبار</a> - <a href="/b">منوعات</a></div>
<div id="article"><h2>{title}</h2>""" + "".join(f"<p>{p}</p>" for p in ps) + """</div><div id="share">شارك هذا الخبر: <a href="#">فيسبوك</a> <a href="#">تويتر</a></div>
<div id="foot">جميع الحقوق محفوظة</div></body></html>"""
write("undeclared-cp1256", html, title, ps, encoding="cp1256")

# 6. A long feature with subheadings (h2), a numbered list in the text, and a "Shares:" line.
d = docs[order[30]]
title, body = d[0], d[1:]
ps = paras(body)
url = "https://majalla.example/features/30"
html = f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title}</title><link rel="canonical" href="{url}">
{jsonld(title, "2021-07-04", "ليلى حسن", "المجلة", url)}</head><body>{NAV}
<article><h1>{title}</h1><p class="byline">بقلم: ليلى حسن</p><div class="content">""" + "".join(f"<p>{p}</p>" for p in ps) + f"""</div>
<div class="post-share"><p>Shares:</p><a href="#">f</a><a href="#">t</a></div>
{read_also([docs[order[k]][0] for k in (31, 32)], "اقرأ أيضاً")}</article>{COOKIE}{FOOTER}</body></html>"""
write("feature", html, title, ps)

# --- held-out shapes: written after the clean-up rules were fixed on the pages above, to measure
# how they carry over (tests/data/web-heldout; bench/pull.py reports both sets).
OUT = OUT.parent / "web-heldout"
OUT.mkdir(exist_ok=True)

# A. Paragraphs as <div>/<br><br> text, an inline bold "اقرأ أيضا" paragraph, an author box,
#    "مواضيع ذات صلة" at the end.
d = docs[order[40]]
title, body = d[0], d[1:]
ps = paras(body)
html = f"""<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>{markup.escape(title)} - شبكة الأنباء</title>
<meta property="og:site_name" content="شبكة الأنباء"><meta name="pubdate" content="2020-02-11"></head><body>
<div class="header"><ul class="menu"><li><a href="/">الرئيسية</a></li><li><a href="/a">محليات</a></li><li><a href="/b">عربي ودولي</a></li><li><a href="/c">منوعات</a></li></ul></div>
<div class="container"><div class="article-page"><h1 class="article-title">{markup.escape(title)}</h1>
<div class="article-date">الثلاثاء 11 فبراير 2020 - 10:45 ص</div>
<div class="article-text">""" + "<br><br>".join(ps[:2]) + f"""<br><br><b>اقرأ أيضا: <a href="/x">{docs[order[41]][0]}</a></b><br><br>""" + "<br><br>".join(ps[2:]) + """</div>
<div class="writer-box"><img src="/w.jpg"><span>كتب: أحمد علي</span><p>صحفي متخصص في الشؤون الدولية</p></div>
<div class="topics"><h3>مواضيع ذات صلة</h3><ul>""" + "".join(f'<li><a href="/t{k}">{docs[order[k]][0]}</a></li>' for k in (42, 43, 44)) + """</ul></div></div></div>
<div class="footer">شبكة الأنباء © 2020 - جميع الحقوق محفوظة</div></body></html>"""
write("divs-and-brs", html, title, ps)

# B. itemprop articleBody, ad slots, an unrelated photo caption, "شاهد أيضاً" video teasers,
#    a "الأكثر قراءة" ordered list, a comments placeholder and a newsletter box.
d = docs[order[45]]
title, body = d[0], d[1:]
ps = paras(body, 3)
html = f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{markup.escape(title)}</title>
<script type="application/ld+json">{json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": title, "datePublished": "2019-09-30T12:00:00Z", "author": [{"@type": "Person", "name": "سامي يوسف"}], "publisher": {"@type": "Organization", "name": "اليوم الإخباري"}}, ensure_ascii=False)}</script>
<style>.x{{color:red}}</style><script>window.dataLayer=[];function ad(){{}}</script></head><body>
<header><a class="logo" href="/">اليوم الإخباري</a><nav><a href="/">الرئيسية</a><a href="/1">سياسة</a><a href="/2">اقتصاد</a></nav></header>
<main><section class="article" itemscope itemtype="https://schema.org/NewsArticle"><h1 itemprop="headline">{markup.escape(title)}</h1>
<div class="ad-slot">إعلان</div><figure><img src="/p.jpg"><figcaption>لقطة من مباراة الأمس في الدوري المحلي</figcaption></figure>
<div itemprop="articleBody">""" + "".join(f"<p>{p}</p>" + ('<div class="ad-slot">إعلان</div>' if i == 1 else "") for i, p in enumerate(ps)) + """</div>
<div class="see-also"><h3>شاهد أيضاً</h3>""" + "".join(f'<a class="video" href="/v{k}"><span class="dur">02:14</span>{docs[order[k]][0]}</a>' for k in (46, 47)) + """</div></section>
<section class="popular"><h2>الأكثر قراءة</h2><ol>""" + "".join(f'<li><a href="/p{k}">{docs[order[k]][0]}</a></li>' for k in (48, 49, 50)) + """</ol></section>
<div id="disqus_thread"><p>يرجى تفعيل جافا سكريبت لعرض التعليقات.</p></div>
<div class="newsletter-box"><p>اشترك في نشرتنا اليومية لتصلك آخر الأخبار</p><input><button>اشتراك</button></div></main>
<footer><p>جميع الحقوق محفوظة لليوم الإخباري 2019</p></footer></body></html>"""
write("article-body", html, title, ps)

# C. Subheadings (h2, kept as lines), a "Shares: 120" counter, a "Tags:" line and a print link.
d = docs[order[51]]
title, body = d[0], d[1:]
ps = paras(body, 3)
sub1, sub2 = "خلفية القرار", "ردود الفعل"
gold_ps = [sub1] + ps[:2] + [sub2] + ps[2:]
html = f"""<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>{markup.escape(title)}</title></head><body>
<div id="top"><a href="/">الصفحة الرئيسية</a> | <a href="/archive">الأرشيف</a> | <a href="/about">من نحن</a></div>
<article><h1>{markup.escape(title)}</h1><div class="shares-count">Shares: 120</div>
<h2>{sub1}</h2>""" + "".join(f"<p>{p}</p>" for p in ps[:2]) + f"<h2>{sub2}</h2>" + "".join(f"<p>{p}</p>" for p in ps[2:]) + """
<p class="tags">Tags: <a href="/t/a">سياسة</a>, <a href="/t/b">اقتصاد</a></p><a class="print-link" href="?print=1">نسخة للطباعة</a></article>
<div class="cookies-bar">نحن نستخدم الكوكيز لتقديم أفضل تجربة ممكنة. <a href="/p">المزيد</a></div></body></html>"""
write("subheads", html, title, gold_ps)

# D. A legacy page: text in a <td> separated by <br>, windows-1256 declared only in the HTTP
#    header (the test server sends it), "إقرأ أيضاً" with a hamza alef.
d = docs[order[58]]
title, body = d[0], d[1:]
ps = paras(body)
html = f"""<html><head><title>{title}</title></head><body><table width="780" align="center"><tr><td colspan="2"><a href="/">الرئيسية</a> - <a href="/n">الأخبار</a> - <a href="/s">الرياضة</a></td></tr>
<tr><td width="600" valign="top"><h3>{title}</h3>""" + "<br><br>\n".join(ps) + f"""<br><br><b>إقرأ أيضاً:</b><br><a href="/o1">{docs[order[56]][0]}</a><br><a href="/o2">{docs[order[57]][0]}</a></td>
<td width="180" valign="top"><b>استطلاع</b><br>هل تؤيد القرار؟<br>نعم<br>لا</td></tr></table></body></html>"""
write("td-brs-cp1256", html, title, ps, encoding="cp1256")

# Round 2 (written after the rules of round 1 were fixed; both scored 1.00 on the first try):
# E. BBC-like
d = docs[order[60]]
t, b = d[0], d[1:]
ps = paras(b)
h = f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{markup.escape(t)} - BBC News عربي</title>
<meta property="og:title" content="{markup.escape(t)}"><meta property="og:site_name" content="BBC News عربي"></head><body>
<header role="banner"><a href="#content">تخطى إلى المحتوى</a><nav><ul><li><a href="/arabic">الرئيسية</a></li><li><a href="/arabic/world">أخبار العالم</a></li><li><a href="/arabic/mediaextra">ميديا</a></li></ul></nav></header>
<main role="main"><article><header><h1 id="content" tabindex="-1">{markup.escape(t)}</h1></header>
<div data-component="byline-block"><time datetime="2019-10-03">3 أكتوبر/ تشرين الأول 2019</time></div>
<figure><div><img src="x.jpg" alt="صورة"><p role="text"><span>مصدر الصورة، </span>Getty Images</p></div><figcaption><span>التعليق على الصورة، </span>صورة من الأرشيف لأحد المؤتمرات</figcaption></figure>
""" + "".join(f'<div dir="rtl" data-component="text-block"><p>{p}</p></div>' for p in ps) + """
<section aria-labelledby="related"><h2 id="related">المزيد حول هذه القصة</h2><ul>""" + "".join(f'<li><a href="/r{k}">{docs[order[k]][0]}</a></li>' for k in (61, 62)) + """</ul></section></article>
<section><h2>قصص مقترحة</h2><ul>""" + "".join(f'<li><a href="/s{k}"><span>{docs[order[k]][0]}</span></a><time>منذ ساعة</time></li>' for k in (63, 64, 65)) + """</ul></section>
<section><h2>الأكثر قراءة</h2><ol>""" + "".join(f'<li><a href="/m{k}">{docs[order[k]][0]}</a></li>' for k in (66, 67)) + """</ol></section></main>
<footer><p>© 2019 بي بي سي. بي بي سي ليست مسؤولة عن محتوى المواقع الخارجية.</p></footer></body></html>"""
write("bbc-like", h, t, ps)
# F. Youm7-like: articleBody id, icon-only share links, "اقرأ أيضًا" inline strong, newsletter, embedded video
d = docs[order[70]]
t, b = d[0], d[1:]
ps = paras(b)
mid = len(ps)//2
h = f"""<html><head><meta charset="utf-8"><title>{markup.escape(t)} - اليوم السابع</title></head><body>
<div class="topMenu"><a href="/">الرئيسية</a><a href="/Section/1">أخبار عاجلة</a><a href="/Section/2">سياسة</a><a href="/Section/3">حوادث</a><a href="/Section/4">رياضة</a></div>
<div class="articleCont"><div class="articleHeader"><h1>{markup.escape(t)}</h1><span class="newsStory">الأربعاء، 05 يونيو 2019 02:00 م</span>
<div class="writeBy"><span>كتب محمد أحمد</span></div>
<div class="shareIcons"><a href="#"><i class="fa fa-facebook"></i></a><a href="#"><i class="fa fa-twitter"></i></a><a href="#"><i class="fa fa-whatsapp"></i></a></div></div>
<div id="articleBody" class="articleBody">""" + "".join(f"<p>{p}</p>" for p in ps[:mid]) + f"""<p><strong>اقرأ أيضًا..</strong> <a href="/Story/9">{docs[order[71]][0]}</a></p>
<div class="videoEmbed"><iframe src="https://video.example/embed/1"></iframe></div>""" + "".join(f"<p>{p}</p>" for p in ps[mid:]) + """</div>
<div class="newsletterBox">اشترك فى النشرة الإخبارية</div>
<div class="moreNews"><h3>المزيد من أخبار</h3>""" + "".join(f'<a href="/n{k}"><h4>{docs[order[k]][0]}</h4></a>' for k in (72, 73, 74)) + """</div></div>
<div class="commentsBox"><h3>التعليقات</h3><div class="commentItem"><b>عادل</b><p>كلام جميل جدا ربنا يوفقكم</p></div></div>
<div class="footer"><p>جميع الحقوق محفوظة لليوم السابع ©2019</p></div></body></html>"""
write("youm7-like", h, t, ps)
print(len(list(OUT.iterdir())))
