"""Bad input from the public never costs data: each bad file is refused with a reason a clerk can act
on, the other files of the same run are stored, what was stored before stays as it was, and a
question nobody can answer gets a 4xx with a Chinese sentence instead of a traceback.

Real parser, real SQLite and Chroma stores in a temp data dir; only the embedding model is replaced
by a tiny deterministic one so the many cases stay fast (the real model is exercised by the slow
tests in test_crash_safety.py and test_chroma_server.py).
"""

from __future__ import annotations

import random
import re
import sys
import zlib
from pathlib import Path
from typing import Any

import pytest
from langchain_core.embeddings import Embeddings

from ingest import parse
from ingest.errors import BadQuestion
from ingest.pipeline import ingest_paths
from ingest.settings import Settings
from ingest.store import Store

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "samples" / "qingshi_2024.txt"  # fictional, written by us
sys.path.insert(0, str(REPO / "tests" / "ingest"))
import formats  # noqa: E402  (tests/ingest/formats.py: hand-made PDFs and the fictional HTML page)

CHINESE = re.compile(r"[\u4e00-\u9fff]{4,}")


class TinyEmbeddings(Embeddings):
    """Bag-of-characters vectors: deterministic, no model, enough for storage behaviour."""

    def _vector(self, text: str) -> list[float]:
        v = [0.0] * 16
        for ch in text:
            v[zlib.crc32(ch.encode()) % 16] += 1.0
        norm = sum(x * x for x in v) ** 0.5 or 1.0
        return [x / norm for x in v]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


@pytest.fixture
def store(settings: Settings) -> Store:
    return Store(settings, embeddings=TinyEmbeddings())


def fictional(folder: Path, agency: str, name: str | None = None, encoding: str = "utf-8") -> Path:
    """The fictional 青石镇 sample renamed to another township (a new report id each time)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name or f"{agency}.txt")
    path.write_bytes(SAMPLE.read_text(encoding="utf-8").replace("青石", agency[:-1]).encode(encoding))
    return path


def snapshot(store: Store) -> dict[str, Any]:
    """Everything a reader sees of the stored reports, per report id, in both stores."""
    chroma = store._collection().get(include=["metadatas"])
    per_report: dict[str, list[str]] = {}
    for chunk_id, meta in zip(chroma["ids"], chroma["metadatas"], strict=True):
        per_report.setdefault(meta["report_id"], []).append(chunk_id)
    return {
        row.id: (row, len(store.cells(report_id=row.id)), sorted(c.id for c in store.chunks(report_id=row.id)),
                 sorted(per_report.get(row.id, [])))
        for row in store.reports()
    }


def ingest(settings: Settings, store: Store, *paths: Path) -> Any:
    return ingest_paths([str(p) for p in paths], settings, progress=False, store=store)


_RNG = random.Random(20250101)
GARBAGE = bytes(_RNG.randrange(256) for _ in range(20_000))
TEXT_PDF = formats.minimal_pdf(formats.TEXT_PAGE, formats.TEXT_FONT, [formats.HELVETICA])
ENCRYPTED_PDF = formats.minimal_pdf(
    formats.TEXT_PAGE, formats.TEXT_FONT, [formats.HELVETICA, formats.ENCRYPT], b"/Encrypt 6 0 R " + formats.FILE_ID
)
NEWS = (  # a fictional local news item: Chinese prose, no report sections, no 政府信息公开
    "本报讯（记者 李明）昨日，青石镇春季农产品展销会在镇文化广场开幕，吸引周边群众三千余人前来选购。\n"
    "展销会共设摊位一百二十个，涵盖茶叶、菌菇、土蜂蜜等特色产品，首日销售额达八十万元。\n"
    "镇党委负责人表示，明年将继续扩大规模，带动更多农户增收。\n"
)
BAD_FILES = [
    ("empty.txt", b"", "文件为空"),
    ("garbage.pdf", GARBAGE, "不是 PDF"),
    ("garbage-after-header.pdf", b"%PDF-1.7\n" + GARBAGE, "PDF 文件已损坏"),
    ("garbage.txt", GARBAGE, "二进制"),
    ("truncated.pdf", TEXT_PDF[: len(TEXT_PDF) // 2], "PDF 文件已损坏或不完整"),
    ("encrypted.pdf", ENCRYPTED_PDF, "加密"),
    ("not-word.docx", "这不是Word文件，只是改了扩展名。".encode(), "无法打开 Word 文件"),
    ("news.txt", NEWS.encode(), "不是政府信息公开工作年度报告"),
]


@pytest.mark.parametrize(("name", "data", "reason"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_bad_file_is_refused_with_a_reason_and_nothing_else_is_lost(
    settings: Settings, store: Store, tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    assert ingest(settings, store, fictional(tmp_path / "first", "青石镇")).added == 1
    before = snapshot(store)

    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / name).write_bytes(data)
    good = fictional(folder, "白河镇")
    summary = ingest(settings, store, folder)

    assert [Path(f.path).name for f in summary.failed] == [name]
    why = summary.failed[0].reason
    assert reason in why and name in why and CHINESE.search(why), why
    assert "Traceback" not in why and "意外错误" not in why  # a known failure, not a crash
    assert (summary.files, summary.added) == (2, 1)  # the good file of the same run is stored
    after = snapshot(store)
    assert {k: after[k] for k in before} == before  # the earlier report is untouched in both stores
    new = [v for k, v in after.items() if k not in before]
    assert len(new) == 1 and new[0][0].agency == "白河镇" and Path(new[0][0].source_path).name == good.name
    assert new[0][1] > 0 and new[0][2] == new[0][3]  # cells stored; same chunks in SQLite and Chroma


def test_a_100_mb_file_is_refused_by_its_size_before_it_is_read(
    settings: Settings, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    huge = folder / "huge.txt"
    with huge.open("wb") as f:  # sparse: 100 MB on paper, nothing on disk
        f.truncate(100 * 1024 * 1024)
    fictional(folder, "白河镇")
    opened: list[str] = []
    real = parse.parse_file

    def spy(path: Path, **kwargs: Any) -> Any:
        opened.append(path.name)
        return real(path, **kwargs)

    monkeypatch.setattr(parse, "parse_file", spy)
    summary = ingest(settings, store, folder)
    assert opened == ["白河镇.txt"]  # the big one was never handed to a reader
    assert [Path(f.path).name for f in summary.failed] == ["huge.txt"]
    assert f"{settings.max_upload_mb} MB" in summary.failed[0].reason and "超过" in summary.failed[0].reason
    assert summary.added == 1


def test_gbk_text_without_a_declaration_is_ingested_like_utf8(
    settings: Settings, store: Store, tmp_path: Path
) -> None:
    path = fictional(tmp_path, "白河镇", encoding="gbk")
    summary = ingest(settings, store, path)
    assert (summary.added, summary.failed) == (1, ())
    [row] = store.reports()
    utf8 = parse.parse_file(fictional(tmp_path / "utf8", "白河镇"))
    assert (row.agency, row.year) == (utf8.meta.agency, utf8.meta.year) == ("白河镇", 2024)
    stored = {(c.table, c.row, c.column): c.value for _, c in store.cells()}
    assert stored == {(c.table, c.row, c.column): c.value for c in utf8.cells} and len(stored) > 50
    assert "白河镇" in store.chunks()[0].text or any("白河镇" in c.text for c in store.chunks())


def test_script_text_in_an_html_page_is_never_stored(settings: Settings, store: Store, tmp_path: Path) -> None:
    marker = "SCRIPTMARK"
    script = f'<script>var note = "一、总体情况 {marker} 主动公开信息999999条"; alert(note);</script>'
    page = formats.to_html().replace('<div class="content" id="zoom">', f'<div class="content" id="zoom">{script}')
    page = page.replace("</head>", f"<script>window.{marker}_HEAD = 1;</script></head>")
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    summary = ingest(settings, store, path)
    assert (summary.added, summary.failed) == (1, ())
    [row] = store.reports()
    report = store.report(row.id)
    assert report is not None and report.cells
    assert marker not in report.model_dump_json()
    assert not any(marker in c.text for c in store.chunks())
    assert not any(marker in (d or "") for d in store._collection().get(include=["documents"])["documents"])
    assert not any(c.value == 999999 for _, c in store.cells()) and not any(f.value == 999999 for _, f in store.facts())


BAD_QUESTIONS = {
    "empty": "",
    "blank": " \u3000\n ",
    "10000 chars": "背孜乡2025年收到多少政府信息公开申请？" * 500,
    "punctuation only": "？？！。，……——“”",
}


@pytest.mark.parametrize("question", BAD_QUESTIONS.values(), ids=BAD_QUESTIONS.keys())
def test_a_question_nobody_can_answer_gets_a_chinese_reason(settings: Settings, store: Store, question: str) -> None:
    from qa.answerer import Answerer

    with pytest.raises(BadQuestion) as err:
        Answerer(settings, store).ask(question)
    assert CHINESE.search(str(err.value))


def test_the_api_answers_bad_questions_with_4xx(settings: Settings, store: Store, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from ui.app import build_app

    ingest(settings, store, fictional(tmp_path, "白河镇"))
    client = TestClient(build_app(settings))
    for question in BAD_QUESTIONS.values():
        r = client.post("/api/ask", json={"question": question})
        assert 400 <= r.status_code < 500, (question[:20], r.status_code, r.text[:200])
        assert CHINESE.search(r.json()["detail"])
    for body in ({}, {"question": None}, {"question": "背孜乡", "year": "去年"}, {"question": 1, "extra": 2}):
        assert client.post("/api/ask", json=body).status_code == 422
    broken = client.post("/api/ask", content=b"\xff\xfe not json", headers={"content-type": "application/json"})
    assert broken.status_code in (400, 422)
    ok = client.post("/api/ask", json={"question": "白河镇2024年收到多少政府信息公开申请？"})
    assert ok.status_code == 200 and ok.json()["answerable"] and ok.json()["value"] == 21


def test_many_people_ask_while_a_report_is_being_ingested(settings: Settings, store: Store, tmp_path: Path) -> None:
    """One shared Answerer (as the web app has) under 8 threads, while an ingest changes the store."""
    from concurrent.futures import ThreadPoolExecutor

    from qa.answerer import Answerer

    ingest(settings, store, fictional(tmp_path / "a", "白河镇"))
    answerer = Answerer(settings, store)
    questions = ["白河镇2024年收到多少政府信息公开申请？", "白河镇2024年行政处罚多少件？",
                 "白河镇2024年提出了哪些改进措施？", "白河镇政务公开通过哪些渠道？", "白河镇2024年有没有被行政复议？"]
    expected = answerer.ask(questions[1]).value

    def one(n: int) -> tuple[str, object]:
        answer = answerer.ask(questions[n % len(questions)])
        return answer.route, answer.value if n % len(questions) == 1 else None

    with ThreadPoolExecutor(8) as pool:
        asked = [pool.submit(one, n) for n in range(60)]
        added = ingest(settings, store, fictional(tmp_path / "b", "黑石镇"))
        results = [f.result(timeout=120) for f in asked]  # re-raises any error of any thread
    assert added.added == 1 and len(store.reports()) == 2
    assert all(value == expected for route, value in results if value is not None)
    assert answerer.ask("黑石镇2024年行政处罚多少件？").value == expected  # the new report is seen at once
