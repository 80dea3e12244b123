"""Tests for repwatch.ingest: text, HTML and JSONL files, stdin, directories, bad inputs."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import time
from pathlib import Path

import pytest

from repwatch.errors import (
    BadRecord,
    BinaryInput,
    EmptyInput,
    EncodingError,
    InputError,
    InputTooLarge,
    NoArticleText,
    UnsupportedInput,
)
from repwatch.ingest import guards, read_inputs
from repwatch.ingest.jsonl import iter_jsonl
from repwatch.model import Article

DATA = Path(__file__).parent / "data" / "ingest"
NEWS_HTML = DATA / "news_article.html"

PARAGRAPH = (
    "Security forces detained dozens of students after a sit-in at the university on "
    "Tuesday, a spokesman for the student union said. "
)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_one(path: Path | str, **kwargs: object) -> Article | InputError:
    items = list(read_inputs([str(path)], **kwargs))  # type: ignore[arg-type]
    assert len(items) == 1, items
    return items[0]


def read_articles(path: Path | str) -> list[Article]:
    """Everything read from `path`, all of it Articles."""
    items = list(read_inputs([str(path)]))
    articles = [item for item in items if isinstance(item, Article)]
    assert articles == items, items
    return articles


def assert_error(item: object, cls: type[InputError], name: str) -> InputError:
    """`item` is a `cls` whose message is one line naming the input."""
    assert isinstance(item, cls), item
    message = str(item)
    assert "\n" not in message and "\r" not in message
    assert name in message
    assert item.source.endswith(name) or item.source == name
    return item


def write_jsonl(path: Path, lines: list[object | str | bytes]) -> Path:
    """Write one line per item: bytes and str verbatim, anything else as JSON."""
    out = bytearray()
    for line in lines:
        if isinstance(line, bytes):
            out += line
        elif isinstance(line, str):
            out += line.encode("utf-8")
        else:
            out += json.dumps(line).encode("utf-8")
        out += b"\n"
    path.write_bytes(bytes(out))
    return path


# --- plain text -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "title", "text"),
    [
        ("Riot police clear square\n\nPolice cleared the square.\nTwo were hurt.\n",
         "Riot police clear square", "Police cleared the square.\nTwo were hurt.\n"),
        ("\n\n   Curfew imposed  \n \n\nA curfew was imposed.", "Curfew imposed",
         "A curfew was imposed."),
        ("Headline\r\n\r\nBody line one.\r\nBody line two.\r\n", "Headline",
         "Body line one.\nBody line two.\n"),
        ("\ufeffBOM headline\nBody after a BOM.", "BOM headline", "Body after a BOM."),
        ("Only one line of text here.\n", None, "Only one line of text here."),
        ("\n\n  Only one line, padded.  \n\n", None, "Only one line, padded."),
    ],
    ids=["basic", "leading-blanks", "crlf", "bom", "one-line", "one-line-padded"],
)  # fmt: skip
def test_ingest_txt_first_line_is_title(
    tmp_path: Path, content: str, title: str | None, text: str
) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(content.encode("utf-8"))
    article = read_one(path)
    assert isinstance(article, Article)
    assert article.title == title
    assert article.text == text


def test_ingest_txt_fields(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Arrests in the north\n\n" + PARAGRAPH, encoding="utf-8")
    day = dt.date(2024, 5, 1)
    article = read_one(path, published=day)
    assert isinstance(article, Article)
    assert article.id == sha(PARAGRAPH)
    assert article.source == str(path)
    assert article.published == day
    assert article.url is None and article.byline is None


@pytest.mark.parametrize("name", ["story", "story.text", "STORY.TXT"])
def test_ingest_txt_extensions(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("Title\n" + PARAGRAPH, encoding="utf-8")
    article = read_one(path)
    assert isinstance(article, Article)
    assert (article.title, article.text) == ("Title", PARAGRAPH)


# --- HTML ---------------------------------------------------------------------------


def test_ingest_html_main_text_and_metadata() -> None:
    article = read_one(NEWS_HTML, published=dt.date(1999, 1, 1))
    assert isinstance(article, Article)
    assert article.title == "Police detain protest organisers in Riverton"
    assert article.published == dt.date(2024, 3, 14)  # the page's date wins
    assert article.byline == "Mara Lindqvist"
    assert article.url == "https://courier.example.org/2024/03/14/riverton-detentions"
    assert article.source == str(NEWS_HTML)
    assert "detained at least twelve organisers" in article.text
    assert "Human rights groups urged the authorities" in article.text
    for boilerplate in ("All rights reserved", "window.analytics", "font-family", "Sport"):
        assert boilerplate not in article.text
    assert article.id == sha(article.text)


def test_ingest_html_published_fills_in_when_page_has_no_date(tmp_path: Path) -> None:
    path = tmp_path / "undated.html"
    path.write_text(
        "<html><head><title>Sit-in broken up</title></head><body><article>"
        f"<h1>Sit-in broken up</h1><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    day = dt.date(2023, 11, 2)
    article = read_one(path, published=day)
    assert isinstance(article, Article)
    assert article.published == day
    assert article.title == "Sit-in broken up"
    assert "sit-in at the university" in article.text


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav></body></html>",
        "<html><head><title>Scripts only</title><script>var a = 1;</script></head>"
        "<body><script>document.write('x')</script></body></html>",
        "<html><body><p>Too short.</p></body></html>",
    ],
    ids=["nav-only", "scripts-only", "too-short"],
)
def test_ingest_html_without_article_text_is_refused(tmp_path: Path, html: str) -> None:
    path = tmp_path / "page.htm"
    path.write_text(html, encoding="utf-8")
    assert_error(read_one(path), NoArticleText, "page.htm")


def test_ingest_html_declared_legacy_charset_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "latin.html"
    body = "Le café de la place était fermé par la police pendant la manifestation. " * 3
    page = (
        '<html><head><meta charset="iso-8859-1"><title>Café fermé</title></head>'
        f"<body><article><p>{body}</p></article></body></html>"
    )
    path.write_bytes(page.encode("latin-1"))
    article = read_one(path)
    assert isinstance(article, Article)
    assert "Le café de la place était fermé" in article.text
    assert article.title == "Café fermé"


def _hostile_pages() -> dict[str, str]:
    body = f"<p>{PARAGRAPH * 3}</p>"
    return {
        "nested": "<html><body>" + "<div>" * 20000 + body + "</div>" * 20000 + "</body></html>",
        "scripts": "<html><head><title>Many scripts</title></head><body>"
        + "<script>var tracker = 1;</script>" * 10000
        + f"<article>{body}</article></body></html>",
        "charset-lie": '<html><head><meta charset="utf-16"><title>Lie</title></head>'
        f"<body><article>{body}</article></body></html>",
        "xml-decl-lie": '<?xml version="1.0" encoding="utf-16"?><html><head><title>X</title>'
        f"</head><body><article>{body}</article></body></html>",
        "unclosed": "<html><body><p>" + "<b><i><span>" * 20000 + PARAGRAPH,
        "not-html": "{ not html at all, just braces } " + PARAGRAPH,
    }


@pytest.mark.parametrize("kind", sorted(_hostile_pages()))
def test_ingest_html_hostile_page_never_raises(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"{kind}.html"
    path.write_text(_hostile_pages()[kind], encoding="utf-8")
    started = time.monotonic()
    item = read_one(path)
    assert time.monotonic() - started < 30
    if isinstance(item, InputError):
        assert_error(item, InputError, f"{kind}.html")
    else:
        assert isinstance(item, Article)
        assert "var tracker" not in item.text
        assert "sit-in at the university" in item.text


@pytest.mark.parametrize("kind", ["scripts", "charset-lie"])
def test_ingest_html_hostile_page_still_yields_its_article(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"{kind}.html"
    path.write_text(_hostile_pages()[kind], encoding="utf-8")
    article = read_one(path)
    assert isinstance(article, Article)
    assert article.text.startswith("Security forces detained dozens of students")
    assert "var tracker" not in article.text


def test_ingest_html_parser_crash_becomes_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("repwatch.ingest.html.trafilatura.bare_extraction", explode)
    path = tmp_path / "crash.html"
    path.write_text(f"<html><body><p>{PARAGRAPH}</p></body></html>", encoding="utf-8")
    error = assert_error(read_one(path), InputError, "crash.html")
    assert "nested too deeply" in str(error)


# --- JSONL --------------------------------------------------------------------------


def test_ingest_jsonl_records_with_and_without_id(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "corpus.jsonl",
        [
            {"id": "afp-001", "text": "First story.", "title": "One", "url": "https://x.example/1"},
            {"text": "Second story, no id."},
            {"id": 42, "text": "Third story, integer id."},
        ],
    )
    items = read_articles(path)
    assert [a.id for a in items] == ["afp-001", sha("Second story, no id."), "42"]
    assert [a.source for a in items] == [f"{path}:1", f"{path}:2", f"{path}:3"]
    assert [a.title for a in items] == ["One", None, None]
    assert items[0].url == "https://x.example/1"
    assert items[1].text == "Second story, no id."


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2024-03-14", dt.date(2024, 3, 14)),
        ("2024-03-14T23:30:00", dt.date(2024, 3, 14)),
        ("2024-03-14T23:30:00+05:00", dt.date(2024, 3, 14)),
        ("2024-03-14T08:30:00Z", dt.date(2024, 3, 14)),
        ("2024-03-14 08:30", dt.date(2024, 3, 14)),
        (None, dt.date(2000, 1, 2)),  # the `published` argument fills in
    ],
)
def test_ingest_jsonl_published(tmp_path: Path, published: str | None, expected: dt.date) -> None:
    record: dict[str, object] = {"text": "A story."}
    if published is not None:
        record["published"] = published
    path = write_jsonl(tmp_path / "dated.ndjson", [record])
    article = read_one(path, published=dt.date(2000, 1, 2))
    assert isinstance(article, Article)
    assert article.published == expected


@pytest.mark.parametrize(
    ("line", "hint"),
    [
        ("{not json", "not JSON"),
        ('{"title": "no text"}', '"text"'),
        ('{"text": "   "}', '"text"'),
        ('{"text": 12}', '"text"'),
        ('["a", "list"]', "JSON object"),
        ('"just a string"', "JSON object"),
        ('{"text": "ok", "published": "14/03/2024"}', "published"),
        ('{"text": "ok", "published": "2024-13-45"}', "published"),
        ('{"text": "ok", "published": 20240314}', "published"),
        ('{"text": "ok", "id": true}', '"id"'),
        ('{"text": "ok", "id": ""}', '"id"'),
        ('{"text": "ok", "title": ["a"]}', '"title"'),
    ],
)
def test_ingest_jsonl_bad_line_yields_bad_record(tmp_path: Path, line: str, hint: str) -> None:
    path = write_jsonl(
        tmp_path / "mixed.jsonl", [{"id": "a", "text": "Good one."}, line, {"text": "Good two."}]
    )
    items = list(read_inputs([str(path)]))
    assert len(items) == 3
    first, bad, last = items
    assert isinstance(first, Article) and first.id == "a"
    assert isinstance(last, Article) and last.text == "Good two."
    assert last.source == f"{path}:3"
    error = assert_error(bad, BadRecord, "mixed.jsonl:2")
    assert error.source == f"{path}:2"
    assert hint in str(error)


def test_ingest_jsonl_invalid_utf8_line(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "enc.jsonl", [{"text": "fine"}, b'{"text": "caf\xe9"}'])
    good, bad = read_inputs([str(path)])
    assert isinstance(good, Article)
    error = assert_error(bad, EncodingError, "enc.jsonl:2")
    assert "offset 13" in str(error)


def test_ingest_jsonl_blank_lines_skipped_line_numbers_kept(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "gaps.jsonl", ["", {"text": "one"}, "   ", "", {"text": "two"}])
    items = read_articles(path)
    assert [a.source for a in items] == [f"{path}:2", f"{path}:5"]


def test_ingest_jsonl_crlf_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "win.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"text": "one\\r\\ntwo"}\r\n{"text": "three"}\r\n')
    items = read_articles(path)
    assert [a.text for a in items] == ["one\ntwo", "three"]


@pytest.mark.parametrize("content", [b"", b"\n\n  \n"])
def test_ingest_jsonl_without_records_is_empty(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "none.jsonl"
    path.write_bytes(content)
    assert_error(read_one(path), EmptyInput, "none.jsonl")


def test_ingest_jsonl_corpus_may_exceed_max_input_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPWATCH_MAX_INPUT_BYTES", "100")
    path = write_jsonl(tmp_path / "big.jsonl", [{"text": f"story {i}"} for i in range(50)])
    assert path.stat().st_size > 100
    items = read_articles(path)
    assert len(items) == 50
    assert items[-1].text == "story 49"


def test_ingest_jsonl_record_over_max_record_chars(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPWATCH_MAX_RECORD_CHARS", "10")
    path = write_jsonl(
        tmp_path / "long.jsonl",
        [{"text": "short"}, {"text": "x" * 11}, {"text": "y" * 100_000}, {"text": "tiny"}],
    )
    items = list(read_inputs([str(path)]))
    assert [type(item) for item in items] == [Article, InputTooLarge, InputTooLarge, Article]
    assert_error(items[1], InputTooLarge, "long.jsonl:2")
    assert_error(items[2], InputTooLarge, "long.jsonl:3")  # refused unparsed: line too long
    assert "line longer than" in str(items[2])
    assert items[3].source == f"{path}:4"  # type: ignore[union-attr]


def test_ingest_jsonl_is_streamed() -> None:
    class CountingStream(io.BytesIO):
        def readline(self, size: int | None = -1) -> bytes:  # type: ignore[override]
            line = super().readline(size)
            self.lines_read += 1
            return line

        lines_read = 0

    stream = CountingStream(b"".join(b'{"text": "story %d"}\n' % i for i in range(1000)))
    records = iter_jsonl(stream, "corpus.jsonl")
    first = next(records)
    assert isinstance(first, Article) and first.text == "story 0"
    assert stream.lines_read == 1


# --- stdin, directories, dispatch -----------------------------------------------------


def test_ingest_stdin_is_plain_text() -> None:
    stdin = io.BytesIO(("From stdin\n\n" + PARAGRAPH).encode("utf-8"))
    article = read_one("-", stdin=stdin, published=dt.date(2024, 1, 1))
    assert isinstance(article, Article)
    assert (article.source, article.title, article.text) == ("-", "From stdin", PARAGRAPH)
    assert article.published == dt.date(2024, 1, 1)
    assert article.id == sha(PARAGRAPH)


@pytest.mark.parametrize(
    ("data", "cls"),
    [(b"", EmptyInput), (b" \n\t\n", EmptyInput), (b"\x89PNG\r\n\x1a\n\x00\x00", BinaryInput)],
)
def test_ingest_stdin_bad_input(data: bytes, cls: type[InputError]) -> None:
    assert_error(read_one("-", stdin=io.BytesIO(data)), cls, "-")


def test_ingest_stdin_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPWATCH_MAX_INPUT_BYTES", "50")
    assert_error(read_one("-", stdin=io.BytesIO(b"a" * 51)), InputTooLarge, "-")


def test_ingest_directory_walk(tmp_path: Path) -> None:
    root = tmp_path / "news"
    (root / "b_sub" / "deeper").mkdir(parents=True)
    (root / ".hidden_dir").mkdir()
    (root / "c.txt").write_text("C title\nC body", encoding="utf-8")
    (root / "a.txt").write_text("A title\nA body", encoding="utf-8")
    (root / "b_sub" / "deeper" / "d.jsonl").write_text('{"text": "D"}\n', encoding="utf-8")
    (root / "b_sub" / "notes.pdf").write_bytes(b"%PDF-1.4")  # unsupported: skipped
    (root / ".hidden.txt").write_text("Hidden\nfile", encoding="utf-8")
    (root / ".hidden_dir" / "e.txt").write_text("Hidden\ndir", encoding="utf-8")
    items = read_articles(root)
    assert [item.source for item in items] == [
        str(root / "a.txt"),
        str(root / "b_sub" / "deeper" / "d.jsonl") + ":1",
        str(root / "c.txt"),
    ]


def test_ingest_bad_input_does_not_stop_the_others(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Good\n" + PARAGRAPH, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    items = list(read_inputs([str(empty), str(tmp_path / "missing.txt"), str(good)]))
    assert [type(item) for item in items] == [EmptyInput, UnsupportedInput, Article]


@pytest.mark.parametrize("name", ["empty.txt", "empty.html", "empty"])
def test_ingest_empty_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    assert_error(read_one(path), EmptyInput, name)


@pytest.mark.parametrize("content", [b"   \n\t\r\n  \n", b"\xef\xbb\xbf\n \n"])
def test_ingest_whitespace_only_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    assert_error(read_one(path), EmptyInput, "blank.txt")


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
        "UTF-16 text".encode("utf-16"),
        bytes(range(1, 9)) * 50 + b"some text",  # no NUL, but mostly control bytes
    ],
    ids=["png", "utf16", "control-bytes"],
)
def test_ingest_binary_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(content)
    assert_error(read_one(path), BinaryInput, "image.txt")


@pytest.mark.parametrize("name", ["cafe.txt", "cafe.html"])
def test_ingest_invalid_utf8(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"caf\xe9")
    error = assert_error(read_one(path), EncodingError, name)
    assert "offset 3" in str(error)
    assert "0xe9" in str(error)


def test_ingest_file_over_max_input_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPWATCH_MAX_INPUT_BYTES", "100")
    small, big = tmp_path / "small.txt", tmp_path / "big.txt"
    small.write_text("T\n" + "a" * 98, encoding="utf-8")
    big.write_text("T\n" + "a" * 99, encoding="utf-8")
    assert isinstance(read_one(small), Article)
    error = assert_error(read_one(big), InputTooLarge, "big.txt")
    assert "101 bytes" in str(error)


def test_ingest_50mb_sparse_file_is_refused_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.html"
    with open(path, "wb") as f:
        f.truncate(50 * 1024 * 1024)

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(guards, "open", no_open, raising=False)
    started = time.monotonic()
    error = assert_error(read_one(path), InputTooLarge, "huge.html")
    assert time.monotonic() - started < 1
    assert f"{50 * 1024 * 1024} bytes" in str(error)


def test_ingest_text_over_max_record_chars(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPWATCH_MAX_RECORD_CHARS", "20")
    path = tmp_path / "long.txt"
    path.write_text("é" * 21, encoding="utf-8")  # 42 bytes, 21 characters
    assert_error(read_one(path), InputTooLarge, "long.txt")


def test_ingest_missing_path(tmp_path: Path) -> None:
    error = assert_error(read_one(tmp_path / "nowhere.txt"), UnsupportedInput, "nowhere.txt")
    assert "no such file" in str(error)


@pytest.mark.parametrize("name", ["report.pdf", "data.csv", "page.xhtml"])
def test_ingest_unsupported_extension(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("Title\nbody", encoding="utf-8")
    error = assert_error(read_one(path), UnsupportedInput, name)
    assert "extension" in str(error)


def test_ingest_unreadable_file_is_an_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def denied(path: str) -> bytes:
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(guards, "read_file_bytes", denied)
    path = tmp_path / "locked.txt"
    path.write_text("Title\nbody", encoding="utf-8")
    error = assert_error(read_one(path), InputError, "locked.txt")
    assert "Permission denied" in str(error)


def test_ingest_directory_with_file_suffix_and_broken_symlink(tmp_path: Path) -> None:
    folder = tmp_path / "dir.txt"  # a directory is walked, whatever its name
    folder.mkdir()
    assert list(read_inputs([str(folder)])) == []
    link = tmp_path / "broken.txt"
    link.symlink_to(tmp_path / "target-that-does-not-exist.txt")
    assert_error(read_one(link), UnsupportedInput, "broken.txt")
