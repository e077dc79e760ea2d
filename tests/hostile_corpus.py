"""A corpus of hostile inputs for the ingest layer, written into a folder: binary files named .txt, legacy
and mixed encodings, deep and fuzzed HTML, XML attacks, broken WARC and gzip files, JSONL oddities and
special files (a FIFO, links out of the folder).

    python tests/hostile_corpus.py OUTDIR [--seed N]     # writes the files and OUTDIR/cases.jsonl

`CATEGORIES` is a table of case-writing functions, one per category: a new category (pathological text,
say) is one function and one entry. Each function writes its files under the folder it is given and
returns `Case`s saying what must come out:

* "good": exactly one Article/Document, whose text equals `text` (when given) and contains `marker`;
* "bad": exactly one error naming `source`, whose reason contains `reason` (when given);
* "any": one Article or one error, never both, never a crash (fuzzed input that may or may not hold an
  article). `forbidden` strings must appear in no output (XXE, entity expansion).

The same seed always writes the same bytes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import zlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

MiB = 1 << 20


@dataclass
class Case:
    category: str
    source: str  # what results name: the path, path:LINE, path#record-N
    expect: str  # "good", "bad" or "any"
    text: str | None = None  # the exact text a good plain-text input must give
    marker: str | None = None  # a string a good input's text contains (and no other input's)
    reason: str | None = None  # a part of a bad input's error reason
    forbidden: list[str] = field(default_factory=list)


Writer = Callable[[Path, random.Random], list[Case]]

# ---- texts ----------------------------------------------------------------------------------------

# News-like paragraphs per language, each with the legacy encodings it is still found in.
LEGACY: dict[str, tuple[list[str], tuple[str, ...]]] = {
    "pl": (
        [
            "Władze miasta zapowiedziały w środę, że remont mostu potrwa dłużej, niż zakładano.",
            "Mieszkańcy skarżą się na korki, a radni żądają wyjaśnień od wykonawcy źródłowego projektu.",
            "Prezydent Gdańska powiedział, że żółte tablice objazdów zostaną ustawione jeszcze przed świętami.",
        ],
        ("iso-8859-2", "cp1250"),
    ),
    "cs": (
        [
            "Vláda ve čtvrtek schválila návrh rozpočtu, který počítá s vyšším schodkem, než se čekalo.",
            "Opozice tvrdí, že ministr financí přehlíží rostoucí ceny energií a dluhy obcí.",
            "Poslanci o zákonu budou hlasovat příští týden; starostové žádají změny v příspěvcích.",
        ],
        ("iso-8859-2", "cp1250"),
    ),
    "de": (
        [
            "Die Bürgermeisterin kündigte am Dienstag an, dass die Brücke über die Mosel gesperrt bleibt.",
            "Anwohner beklagen Staus und Lärm, während die Straßenbauer über fehlende Fachkräfte klagen.",
            "Nach Angaben der Behörde soll die Sanierung bis zum Frühjahr abgeschlossen sein.",
        ],
        ("cp1252", "latin-1", "iso-8859-15"),
    ),
    "fr": (
        [
            "Le préfet a annoncé jeudi la fermeture des écoles après des pluies d'une intensité rare.",
            "Les élus locaux réclament une aide de l'État, tandis que les pompiers poursuivent leurs opérations.",
            "« Nous n'avons jamais vu ça », a déclaré un agriculteur dont la récolte a été détruite.",
        ],
        ("cp1252", "latin-1", "iso-8859-15"),
    ),
    "es": (
        [
            "El Gobierno aprobó el martes una reforma que amplía la protección de los trabajadores del campo.",
            "Los sindicatos celebraron la decisión, pero la patronal advirtió de un aumento de los costes.",
            "«Es un paso histórico», dijo la ministra, que pidió diálogo a todas las partes en la región.",
        ],
        ("cp1252", "latin-1"),
    ),
    "ru": (
        [
            "Власти города заявили в среду, что ремонт моста продлится дольше, чем планировалось.",
            "Жители жалуются на пробки, а депутаты требуют объяснений от подрядчика.",
            "По словам мэра, движение по набережной будет восстановлено к концу следующего месяца.",
        ],
        ("cp1251", "koi8-r"),
    ),
    "uk": (
        [
            "Міська рада в четвер ухвалила бюджет, який передбачає більше коштів на ремонт шкіл.",
            "Опозиція заявила, що видатки на транспорт є недостатніми, і вимагає перегляду документа.",
            "Голова громади пообіцяв, що нові автобуси вийдуть на маршрути вже навесні.",
        ],
        ("cp1251", "koi8-u"),
    ),
    "el": (
        [
            "Η κυβέρνηση ανακοίνωσε την Τρίτη νέα μέτρα στήριξης για τους πληγέντες από τις πλημμύρες.",
            "Οι δήμαρχοι της περιοχής ζητούν άμεση αποζημίωση για τις καταστροφές στις καλλιέργειες.",
            "Σύμφωνα με την πυροσβεστική, εκατοντάδες κάτοικοι απομακρύνθηκαν από τα σπίτια τους.",
        ],
        ("cp1253", "iso-8859-7"),
    ),
    "tr": (
        [
            "Belediye başkanı salı günü yaptığı açıklamada köprünün onarımının uzayacağını söyledi.",
            "Mahalle sakinleri trafik sıkışıklığından şikâyet ederken, muhalefet açıklama istedi.",
            "Yetkililere göre çalışmaların ilkbahara kadar tamamlanması bekleniyor.",
        ],
        ("cp1254", "iso-8859-9"),
    ),
    "he": (
        [
            "ראש העירייה הודיע ביום שלישי כי עבודות השיפוץ בגשר יימשכו זמן רב מהמתוכנן.",
            "תושבי השכונה מתלוננים על פקקים, וחברי המועצה דורשים הסברים מהקבלן.",
            "לדברי הדובר, התנועה ברחוב הראשי תחודש עד סוף החודש הבא.",
        ],
        ("cp1255", "iso-8859-8"),
    ),
    "ar": (
        [
            "أعلنت الحكومة يوم الثلاثاء عن خطة جديدة لدعم المزارعين المتضررين من الجفاف.",
            "وقال وزير الزراعة إن المساعدات ستصل إلى القرى الأكثر تضررا خلال الأسابيع المقبلة.",
            "وطالبت نقابات الفلاحين بزيادة الدعم وتوفير المياه لري المحاصيل قبل موسم الحصاد.",
        ],
        ("cp1256", "iso-8859-6"),
    ),
    "ja": (
        [
            "政府は火曜日、豪雨で被害を受けた地域への緊急支援策を発表した。",
            "被災地の自治体は、住宅の再建と道路の復旧を急ぐよう国に求めている。",
            "気象庁によると、週末にかけて再び激しい雨が降るおそれがあるという。",
        ],
        ("shift_jis", "euc-jp", "iso-2022-jp"),
    ),
    "zh-hant": (
        [
            "政府週二宣布，將撥款協助受颱風影響的農民重建溫室與灌溉設施。",
            "多位立法委員表示，補助金額不足，要求行政院儘快提出追加預算。",
            "氣象局指出，本週末仍有豪雨特報，民眾應避免前往山區與河川。",
        ],
        ("big5",),
    ),
    "zh-hans": (
        [
            "政府周二宣布，将拨款帮助受台风影响的农民重建温室和灌溉设施。",
            "多位人大代表表示，补助金额不足，要求有关部门尽快提出追加预算。",
            "气象台指出，本周末仍有暴雨预警，民众应避免前往山区和河流。",
        ],
        ("gb2312", "gbk", "gb18030"),
    ),
    "ko": (
        [
            "정부는 화요일 폭우 피해 지역에 대한 긴급 지원 대책을 발표했다.",
            "피해 지역 주민들은 주택 복구와 도로 정비를 서둘러 달라고 요구하고 있다.",
            "기상청은 주말까지 다시 많은 비가 내릴 수 있다며 주의를 당부했다.",
        ],
        ("euc-kr",),
    ),
    "th": (
        [
            "รัฐบาลประกาศเมื่อวันอังคารว่าจะให้ความช่วยเหลือเกษตรกรที่ได้รับผลกระทบจากน้ำท่วม",
            "ผู้ว่าราชการจังหวัดกล่าวว่าเจ้าหน้าที่กำลังเร่งซ่อมแซมถนนและสะพานที่เสียหาย",
            "กรมอุตุนิยมวิทยาเตือนว่าอาจมีฝนตกหนักอีกครั้งในช่วงสุดสัปดาห์นี้",
        ],
        ("cp874",),
    ),
}

ENGLISH = [
    "The council met on Monday to discuss the harbour plan, which has divided the town for years.",
    "Fishermen said the new quay would cut their costs, while shop owners feared months of roadworks.",
    "The mayor promised a public hearing before any contract is signed, and a vote in the spring.",
    "Officials said about 300 people had been moved to schools and sports halls in the nearby town.",
]

# UTF-8 text with a stretch in a single-byte Western encoding: (UTF-8 part, stretch, stretch encoding).
MIXED = [
    ("Le café “Chez Zoé” a rouvert lundi — enfin.", "L’équipe a dit : « Nous étions prêts. »", "cp1252"),
    ("Die Straße in München bleibt gesperrt.", "Anwohner: „Es ist ärgerlich“, sagte Jürgen Müller.", "cp1252"),
    ("Prices rose by 5 € in Zürich — again.", "Officials said the rise was “temporary”.", "cp1252"),
    ("Señora Núñez habló en la reunión.", "La niña pidió más información sobre el año próximo.", "latin-1"),
    ("Björn Ångström won the race in Malmö.", "Ærøskøbing and Tórshavn sent their best wishes.", "latin-1"),
    ("The “new” plan costs 2 million €.", "It’s the council’s third attempt – so far.", "cp1252"),
]


# ---- helpers --------------------------------------------------------------------------------------


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _gzip_stream(parts: list[bytes] | tuple[bytes, ...], level: int = 6) -> bytes:
    packer = zlib.compressobj(level, zlib.DEFLATED, 31)
    return b"".join([*(packer.compress(p) for p in parts), packer.flush()])


def _zeros_gzip(size: int) -> bytes:
    """gzip of `size` zero bytes, compressed 1 MiB at a time (a bomb: about 1,000 to 1)."""
    return _gzip_stream([bytes(MiB)] * (size // MiB))


def article_html(marker: str, title: str = "Harbour plan divides town") -> str:
    body = "".join(f"<p>{p}</p>" for p in ENGLISH)
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{title}</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>{title}</h1><p>Reference {marker}: the story follows.</p>{body}</article>"
        "<footer>Copyright</footer></body></html>"
    )


def warc_record(uri: str, http_headers: bytes, payload: bytes, record_type: str = "response") -> bytes:
    block = http_headers + payload
    head = (
        f"WARC/1.0\r\nWARC-Type: {record_type}\r\nWARC-Record-ID: <urn:uuid:{zlib.crc32(uri.encode()):012d}>\r\n"
        f"WARC-Target-URI: {uri}\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(block)}\r\n\r\n"
    ).encode()
    return head + block + b"\r\n\r\n"


def http_head(content_type: str = "text/html; charset=utf-8", extra: str = "", length: int | None = None) -> bytes:
    length_line = f"Content-Length: {length}\r\n" if length is not None else ""
    return f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n{extra}{length_line}\r\n".encode()


# ---- categories -----------------------------------------------------------------------------------


def binary_cases(folder: Path, rng: random.Random) -> list[Case]:
    cases = []
    for n in range(60):
        size = rng.choice([32, 48, 64, 100, 200, 500, 1000, 4000, 20000, 65536]) + rng.randrange(50)
        path = _write(folder, f"binary/random-{n:03d}.txt", rng.randbytes(size))
        cases.append(Case("binary", str(path), "bad", reason="binary"))
    magic = {
        "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(2000),
        "zip": b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + rng.randbytes(2000),
        "elf": b"\x7fELF\x02\x01\x01\x00" + bytes(8) + rng.randbytes(2000),
        "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + rng.randbytes(2000),
        "pdf-stream": b"%PDF-1.7\n1 0 obj\n<< /Filter /FlateDecode >>\nstream\n" + rng.randbytes(3000),
        "sqlite": b"SQLite format 3\x00" + rng.randbytes(3000),
    }
    for name, data in magic.items():
        path = _write(folder, f"binary/{name}.txt", data)
        cases.append(Case("binary", str(path), "bad", reason="binary"))
    return cases


def legacy_encoding_cases(folder: Path, rng: random.Random) -> list[Case]:
    cases = []
    for language, (paragraphs, encodings) in LEGACY.items():
        for encoding in encodings:
            for size in (1, 3, 6):  # one sentence, a paragraph, an article of two paragraphs
                chosen = [paragraphs[i % len(paragraphs)] for i in range(size)]
                if size == 6:
                    chosen = chosen[:3] + ["", *chosen[3:]]
                text = "\n".join(chosen) + f"\n({language} {encoding} {size})\n"  # unique in the corpus
                path = _write(folder, f"legacy/{language}-{encoding}-{size}.txt", text.encode(encoding))
                cases.append(Case("legacy-encoding", str(path), "good", text=text))
    return cases


def mixed_encoding_cases(folder: Path, rng: random.Random) -> list[Case]:
    cases = []
    for n, (utf8_part, stretch, encoding) in enumerate(MIXED):
        for layout in ("before", "after", "between"):
            english = " ".join(ENGLISH[:2])
            if layout == "before":
                pieces = [(stretch, encoding), (utf8_part, "utf-8"), (english, "utf-8")]
            elif layout == "after":
                pieces = [(utf8_part, "utf-8"), (english, "utf-8"), (stretch, encoding)]
            else:
                pieces = [(utf8_part, "utf-8"), (stretch, encoding), (english + " " + utf8_part, "utf-8")]
            text = "\n\n".join(p for p, _ in pieces) + "\n"
            data = b"\n\n".join(p.encode(e) for p, e in pieces) + b"\n"
            path = _write(folder, f"mixed/mixed-{n}-{layout}.txt", data)
            cases.append(Case("mixed-encoding", str(path), "good", text=text))
    return cases


def html_deep_cases(folder: Path, rng: random.Random) -> list[Case]:
    cases = []
    for depth in (1_000, 10_000, 100_000):
        for tag in ("div", "b", "span"):
            marker = f"deep-{tag}-{depth}-end"
            inner = article_html(marker).split("<body>", 1)[1].rsplit("</body>", 1)[0]
            closing = f"</{tag}>" * depth if tag == "div" else ""  # <b> and <span> are left open
            page = "<html><body>" + f"<{tag}>" * depth + inner + closing + "</body></html>"
            path = _write(folder, f"html-deep/{marker}.html", page.encode())
            cases.append(Case("html-deep", str(path), "any", marker=marker))
    path = _write(folder, "html-deep/attributes.html", ("<p " + "a=b " * 200_000 + ">x</p>").encode())
    cases.append(Case("html-deep", str(path), "any"))
    path = _write(folder, "html-deep/comment-open.html", b"<html><body><!--" + b"-" * 500_000)
    cases.append(Case("html-deep", str(path), "any"))
    return cases


def html_fuzz_cases(folder: Path, rng: random.Random) -> list[Case]:
    cases = []
    tokens = ["<p>", "</p>", "<div>", "</div>", "<script>", "</script>", "<!--", "-->", "<![CDATA[", "]]>",
              "<table>", "<td>", "&amp;", "&#0;", "&#xD800;", "&#1114112;", "<", ">", "\x00", "<?xml ?>",
              "<meta charset='utf-7'>", "<meta charset='x-no-such'>", "<base href='javascript:x'>"]
    for n in range(40):
        marker = f"fuzz-{n:03d}"
        page = list(article_html(marker))
        for _ in range(rng.randrange(1, 40)):
            at = rng.randrange(len(page) + 1)
            action = rng.random()
            if action < 0.4:
                page[at:at] = list(rng.choice(tokens))
            elif action < 0.7:
                del page[at : at + rng.randrange(1, 30)]
            else:
                page[at:at] = list(rng.randbytes(rng.randrange(1, 20)).decode("latin-1"))
        path = _write(folder, f"html-fuzz/{marker}.html", "".join(page).encode("utf-8", "surrogatepass"))
        cases.append(Case("html-fuzz", str(path), "any"))
    return cases


def xml_attack_cases(folder: Path, rng: random.Random) -> list[Case]:
    lol = "lol" * 3
    laughs = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    doctype = f'<!DOCTYPE rss [<!ENTITY lol0 "{lol}">{laughs}]>'
    item = "<item><title>&lol9;</title><description>&lol9;</description><link>http://127.0.0.1:9/a</link></item>"
    files = {
        "billion-laughs.rss": f'<?xml version="1.0"?>{doctype}<rss version="2.0"><channel><title>x</title>{item}</channel></rss>',
        "xxe-file.rss": '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        '<rss version="2.0"><channel><title>x</title><item><title>&xxe;</title><description>Leak: &xxe; '
        + "Padding words for a long enough entry. " * 8
        + "</description></item></channel></rss>",
        "xxe-http.xml": '<?xml version="1.0"?><!DOCTYPE feed SYSTEM "http://127.0.0.1:9/evil.dtd">'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title><entry><title>t</title>'
        "<content>Entry text from the feed itself, long enough to stand alone as an article here.</content>"
        "</entry></feed>",
        "quadratic.xml": '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "' + "A" * 50_000 + '">]><rss version="2.0">'
        "<channel><title>q</title><item><title>q</title><description>" + "&a;" * 2_000
        + "</description></item></channel></rss>",
        "billion-laughs.html": f'<?xml version="1.0"?>{doctype.replace("rss", "html")}<html><body><p>&lol9;</p></body></html>',
        "deep.xml": '<?xml version="1.0"?><rss version="2.0"><channel>' + "<x>" * 100_000 + "</channel></rss>",
    }
    cases = []
    for name, content in files.items():
        path = _write(folder, f"xml/{name}", content.encode())
        cases.append(Case("xml-attack", str(path), "any", forbidden=["root:x:0:0", lol * 100, "A" * 200_000]))
    return cases


def warc_cases(folder: Path, rng: random.Random) -> list[Case]:
    cases = []
    good = warc_record("http://example.com/good", http_head(), article_html("warc-good-1").encode())
    good_2 = warc_record("http://example.com/good-2", http_head(), article_html("warc-good-2").encode())
    skipped = warc_record("http://example.com/img", http_head("image/png"), b"\x89PNG" + rng.randbytes(100))
    path = _write(folder, "warc/good.warc.gz", gzip.compress(good, mtime=0) + gzip.compress(skipped, mtime=0))
    cases.append(Case("warc", f"{path}#record-1", "good", marker="warc-good-1"))
    whole = gzip.compress(good, mtime=0)
    path = _write(folder, "warc/truncated.warc.gz", whole[: len(whole) // 2])
    cases.append(Case("warc", f"{path}#record-1", "bad", reason="truncated or corrupt"))
    path = _write(folder, "warc/cut-inside.warc", good[: len(good) - 300])
    cases.append(Case("warc", f"{path}#record-1", "bad", reason="truncated or corrupt"))
    path = _write(folder, "warc/garbage.warc.gz", b"\x1f\x8b\x08\x00" + rng.randbytes(5000))
    cases.append(Case("warc", str(path), "bad", reason="not a WARC"))
    bad_length = good.replace(b"Content-Length: ", b"Content-Length: 9", 1)
    path = _write(folder, "warc/bad-length.warc", bad_length)
    cases.append(Case("warc", f"{path}#record-1", "bad", reason="truncated or corrupt"))
    # A record of 256 MiB of HTML in a 256 KB gzip member, and a nested one: the record's gzip member holds
    # a payload sent with Content-Encoding: gzip that expands to 256 MiB.
    big = 256 * MiB
    head = http_head(length=big)
    packer = zlib.compressobj(6, zlib.DEFLATED, 31)
    block = head + b"<p>"
    record_head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:bomb>\r\nWARC-Target-URI: http://example.com/bomb\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(block) + big - 3}\r\n\r\n"
    ).encode()
    parts = [packer.compress(record_head + block)]
    parts += [packer.compress(b"a" * MiB) for _ in range(big // MiB - 1)]
    parts += [packer.compress(b"a" * (MiB - 3) + b"\r\n\r\n"), packer.flush()]
    path = _write(folder, "warc/bomb.warc.gz", b"".join(parts) + gzip.compress(good_2, mtime=0))
    cases.append(Case("warc", f"{path}#record-1", "bad", reason="over the"))
    cases.append(Case("warc", f"{path}#record-2", "good", marker="warc-good-2"))
    payload = _zeros_gzip(big)
    nested = warc_record(
        "http://example.com/nested", http_head(extra="Content-Encoding: gzip\r\n", length=len(payload)), payload
    )
    path = _write(folder, "warc/nested-bomb.warc.gz", gzip.compress(nested, mtime=0))
    cases.append(Case("warc", f"{path}#record-1", "bad", reason="over the"))
    return cases


def gzip_cases(folder: Path, rng: random.Random) -> list[Case]:
    cases = []
    text = "\n".join(ENGLISH) + "\nReference gz-text.\n"
    path = _write(folder, "gzip/story.txt.gz", gzip.compress(text.encode(), mtime=0))
    cases.append(Case("gzip", str(path), "good", text=text))
    path = _write(folder, "gzip/page.html.gz", gzip.compress(article_html("gz-html").encode(), mtime=0))
    cases.append(Case("gzip", str(path), "good", marker="gz-html"))
    path = _write(folder, "gzip/bomb.txt.gz", _zeros_gzip(256 * MiB))
    cases.append(Case("gzip", str(path), "bad", reason="over the"))
    nested = gzip.compress(_zeros_gzip(256 * MiB), mtime=0)
    path = _write(folder, "gzip/nested-bomb.html.gz", nested)
    cases.append(Case("gzip", str(path), "bad"))
    path = _write(folder, "gzip/corrupt.txt.gz", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + rng.randbytes(500))
    cases.append(Case("gzip", str(path), "bad", reason="decompress"))
    whole = gzip.compress(text.encode() * 50, mtime=0)
    path = _write(folder, "gzip/truncated.txt.gz", whole[: len(whole) // 2])
    cases.append(Case("gzip", str(path), "bad", reason="decompress"))
    lines = [json.dumps({"id": "gz-1", "text": "First gzipped line of a long file."}), '{"id": "gz-2", "text": "' + "a" * (30 * MiB)]
    path = _write(folder, "gzip/long-line.jsonl.gz", _gzip_stream([lines[0].encode(), b"\n", lines[1].encode(), b'"}\n']))
    cases.append(Case("gzip", f"{path}:1", "good", text="First gzipped line of a long file."))
    cases.append(Case("gzip", f"{path}:2", "bad", reason="over the"))
    rows = [json.dumps({"id": f"gz-t{n}", "text": f"Line {n} of a cut archive, {rng.random():.6f}."}) for n in range(1, 61)]
    whole = gzip.compress("\n".join(rows).encode() + b"\n", mtime=0)
    cut = whole[: len(whole) // 2]
    readable = zlib.decompressobj(31).decompress(cut).count(b"\n")  # the complete lines before the cut
    path = _write(folder, "gzip/truncated.jsonl.gz", cut)
    for n in range(1, readable + 1):
        cases.append(Case("gzip", f"{path}:{n}", "good", text=json.loads(rows[n - 1])["text"]))
    cases.append(Case("gzip", f"{path}:{readable + 1}", "bad", reason="corrupt or truncated"))
    return cases


def jsonl_cases(folder: Path, rng: random.Random) -> list[Case]:
    long_int = "9" * 5000
    rows: list[tuple[str, str, str | None]] = [  # (line, expect, text or reason)
        ('{"id": "j-ok", "text": "A plain line."}', "good", "A plain line."),
        ('{"id": "j-int", "text": "Big counter.", "views": ' + long_int + "}", "good", "Big counter."),
        ('{"id": "j-title", "text": "Big title.", "title": ' + long_int + "}", "bad", "digits"),
        ('{"id": ' + long_int + ', "text": "Integer id."}', "good", "Integer id."),
        ('{"id": "j-sur", "text": "Lone \\ud800 surrogate."}', "bad", "surrogate"),
        ('{"id": "j-sur-low", "text": "Lone \\udfff surrogate."}', "bad", "surrogate"),
        ('{"id": "\\udc80", "text": "Surrogate id."}', "bad", "surrogate"),
        ('{"id": "j-sur-title", "text": "Fine text.", "title": "\\ud83d"}', "bad", "surrogate"),
        ('{"id": "j-pair", "text": "A pair \\ud83d\\ude00 is fine."}', "good", "A pair \U0001f600 is fine."),
        ('{"id": "j-nan", "text": "Not a number.", "score": NaN, "x": Infinity}', "good", "Not a number."),
        ('{"id": "j-dup", "text": "first", "text": "Duplicate keys: the last wins."}', "good",
         "Duplicate keys: the last wins."),
        ("[" * 100_000 + "]" * 100_000, "bad", None),
        ('{"id": "j-deep", "text": "Deep extra.", "x": ' + "[" * 50_000 + "]" * 50_000 + "}", "bad", None),
        ('{"id": "j-num", "text": 12}', "bad", "must be a string"),
        ('{"id": true, "text": "Bool id."}', "bad", "must be a string or an integer"),
        ('"just a string"', "bad", "expected a JSON object"),
        ('{"id": "j-trunc", "text": "cut', "bad", "invalid JSON"),
        ('{"id": "j-nul", "text": "Has a \\u0000 NUL."}', "good", "Has a \x00 NUL."),
        ('{"id": "j-empty", "text": "   "}', "bad", "empty"),
        ('{"id": "j-neither"}', "bad", "neither"),
        ('{"id": "j-float", "text": "Huge float.", "x": 1' + "0" * 400 + ".5e99999}", "good", "Huge float."),
    ]
    data = b""
    cases = []
    path = folder / "jsonl" / "oddities.jsonl"
    for number, (line, expect, detail) in enumerate(rows, 1):
        data += line.encode() + (b"\r\n" if number % 3 == 0 else b"\n")
        source = f"{path}:{number}"
        if expect == "good":
            cases.append(Case("jsonl", source, "good", text=detail))
        else:
            cases.append(Case("jsonl", source, "bad", reason=detail))
    number = len(rows) + 1
    data += b'{"id": "j-latin", "text": "caf\xe9"}\n'
    cases.append(Case("jsonl", f"{path}:{number}", "bad", reason="UTF-8"))
    data += b"\n   \n"  # blank lines: no result
    number += 3
    data += b'\xef\xbb\xbf{"id": "j-bom", "text": "After a BOM."}'  # a BOM, no final newline
    cases.append(Case("jsonl", f"{path}:{number}", "good", text="After a BOM."))
    _write(folder, "jsonl/oddities.jsonl", data)
    return cases


def special_cases(folder: Path, rng: random.Random) -> list[Case]:
    cases = []
    base = folder / "special"
    base.mkdir(parents=True, exist_ok=True)
    if hasattr(os, "mkfifo"):
        os.mkfifo(base / "news.txt")
        cases.append(Case("special", str(base / "news.txt"), "bad", reason="FIFO"))
    if os.path.exists("/dev/zero"):
        os.symlink("/dev/zero", base / "zero.txt")
        cases.append(Case("special", str(base / "zero.txt"), "bad", reason="not followed"))
    os.symlink(base, base / "loop", target_is_directory=True)  # a link back into the folder: walked once
    os.symlink(base / "missing.txt", base / "broken.txt")
    cases.append(Case("special", str(base / "broken.txt"), "bad", reason="broken symbolic link"))
    _write(folder, "special/empty.txt", b"")
    cases.append(Case("special", str(base / "empty.txt"), "bad", reason="empty"))
    _write(folder, "special/blank.txt", b" \n\t\r\n ")
    cases.append(Case("special", str(base / "blank.txt"), "bad", reason="empty"))
    _write(folder, "special/nul-utf16.txt", "Text in UTF-16 with no BOM, Latin script only.\n".encode("utf-16-le"))
    cases.append(Case("special", str(base / "nul-utf16.txt"), "good", text="Text in UTF-16 with no BOM, Latin script only.\n"))
    return cases


# Category name -> case writer. Add a category (e.g. pathological text) with one function and one entry.
CATEGORIES: dict[str, Writer] = {
    "binary": binary_cases,
    "legacy-encoding": legacy_encoding_cases,
    "mixed-encoding": mixed_encoding_cases,
    "html-deep": html_deep_cases,
    "html-fuzz": html_fuzz_cases,
    "xml-attack": xml_attack_cases,
    "warc": warc_cases,
    "gzip": gzip_cases,
    "jsonl": jsonl_cases,
    "special": special_cases,
}


def write_corpus(folder: Path, seed: int = 12, categories: list[str] | None = None) -> list[Case]:
    """Write the corpus under `folder` (which must exist) and return its cases, in category order."""
    cases: list[Case] = []
    for name in categories or list(CATEGORIES):
        cases += CATEGORIES[name](folder, random.Random(f"{seed}-{name}"))
    return cases


def check(
    cases: list[Case], documents: list[tuple[str | None, str]], errors: list[tuple[str, str]]
) -> list[str]:
    """What is wrong with a run, one line per problem. `documents` are (source, text), with source None
    when the output does not say (analyze's Documents): those are matched to cases by text or marker.
    `errors` are (source, reason)."""
    problems: list[str] = []
    by_source = {c.source: c for c in cases}
    open_ended = [c.source for c in cases if c.expect == "any"]  # a feed's entries are FEED#entry-N

    def owner(source: str) -> str | None:
        if source in by_source:
            return source
        return next((s for s in open_ended if source.startswith(s + "#")), None)

    found: dict[str, list[str]] = {c.source: [] for c in cases}
    reasons: dict[str, list[str]] = {c.source: [] for c in cases}
    unattributed = 0
    for source, text in documents:
        if source is None:
            hits = [c.source for c in cases if c.text == text or (c.marker and c.marker in text)]
            key = hits[0] if len(hits) == 1 else None
            unattributed += key is None
        else:
            key = owner(source)
            if key is None:
                problems.append(f"{source}: a document no case expects: {text[:60]!r}")
        if key is not None:
            found[key].append(text)
    for source, reason in errors:
        key = owner(source)
        if key is None:
            problems.append(f"{source}: an error no case expects: {reason}")
        else:
            reasons[key].append(reason)
        if reason.startswith("internal error") or "\n" in reason or "Traceback" in reason:
            problems.append(f"{source}: not a one-line reason: {reason[:100]!r}")
    open_results = 0
    for case in cases:
        texts, why = found[case.source], reasons[case.source]
        if case.expect == "good":
            if len(texts) != 1 or why:
                problems.append(f"{case.source}: expected one document, got {len(texts)} and errors {why}")
            elif case.text is not None and texts[0] != case.text:
                problems.append(f"{case.source}: wrong text {texts[0][:70]!r}, expected {case.text[:70]!r}")
            elif case.marker is not None and case.marker not in texts[0]:
                problems.append(f"{case.source}: marker {case.marker!r} missing")
        elif case.expect == "bad":
            if len(why) != 1 or texts:
                problems.append(f"{case.source}: expected one error, got {why} and {len(texts)} document(s)")
            elif case.reason is not None and case.reason not in why[0]:
                problems.append(f"{case.source}: reason {why[0]!r} lacks {case.reason!r}")
        else:
            open_results += len(texts) + len(why)
            if len(why) > 1 or (why and texts):
                problems.append(f"{case.source}: more than one result: {why}, {len(texts)} document(s)")
    if unattributed > sum(1 for c in cases if c.expect == "any"):
        problems.append(f"{unattributed} documents match no case")
    all_text = "\n".join(text for _, text in documents)
    for case in cases:
        for word in case.forbidden:
            if word in all_text:
                problems.append(f"{case.source}: forbidden output {word[:40]!r}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--category", action="append", choices=list(CATEGORIES))
    parser.add_argument("--cases", type=Path, help="where to write the cases (default: FOLDER.cases.jsonl)")
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    cases = write_corpus(args.folder, args.seed, args.category)
    with open(args.cases or args.folder.with_name(args.folder.name + ".cases.jsonl"), "w", encoding="utf-8") as out:
        for case in cases:
            out.write(json.dumps(asdict(case), ensure_ascii=False) + "\n")
    print(f"{len(cases)} cases in {args.folder}")


if __name__ == "__main__":
    main()
