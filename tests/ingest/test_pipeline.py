"""`gongkai ingest`: paths, failures recorded not fatal, idempotence, editions kept or replaced, kill -9 safety."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

import formats  # tests/ingest/formats.py (pytest puts this folder on sys.path)
import pytest
from fakes import CharEmbeddings

from ingest import parse
from ingest.errors import UnreadableFile
from ingest.pipeline import NoFilesMatched, expand_paths, ingest_paths
from ingest.settings import Settings
from ingest.store import CRASH_ENV, Store

REPO = Path(__file__).resolve().parents[2]


def write_fictional(folder: Path, agency: str, year: int = 2024, suffix: str = ".txt") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{agency}{year}{suffix}"
    path.write_text(formats.to_txt().replace("青石镇", agency).replace("2024", str(year)), encoding="utf-8")
    return path


def write_bad(folder: Path) -> Path:
    path = folder / "broken.txt"
    path.write_bytes(b"\x00\x01\x02 not text" * 50)
    return path


def both_stores(store: Store) -> tuple[set[str], set[str], int]:
    chroma = set(store._collection().get(include=[])["ids"])
    sqlite = {c.id for c in store.chunks()}
    pending = store.db.execute("SELECT count(*) FROM reports WHERE state<>'complete'").fetchone()[0]
    return chroma, sqlite, pending


# ------------------------------------------------------------------------------ fast (fake embedder)
def test_expand_paths_takes_files_folders_and_globs(tmp_path: Path) -> None:
    a = write_fictional(tmp_path / "in", "甲镇")
    b = write_fictional(tmp_path / "in" / "sub", "乙镇", suffix=".htm")
    (tmp_path / "in" / "notes.md").write_text("x")
    files, missing = expand_paths([str(tmp_path / "in"), str(a), str(tmp_path / "in" / "*.txt"), str(tmp_path / "nope*")])
    assert sorted(files) == sorted([a.resolve(), b.resolve()])  # each once
    assert [m.path for m in missing] == [str(tmp_path / "nope*")]


def test_no_file_matched_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(NoFilesMatched, match="没有找到"):
        ingest_paths([str(tmp_path / "missing.txt")], Settings(data=tmp_path / "data"), progress=False)


def test_bad_files_are_listed_and_the_rest_stored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    settings = Settings(data=tmp_path / "data")
    store = Store(settings, embeddings=CharEmbeddings())
    good = [write_fictional(tmp_path / "in", name) for name in ("甲镇", "乙镇")]
    bad = write_bad(tmp_path / "in")
    odd = write_fictional(tmp_path / "in", "丙镇")
    real_parse = parse.parse_file

    def flaky(path: Path, **kwargs: object) -> object:
        if path.name == odd.name:
            raise ValueError("parser bug")
        return real_parse(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parse, "parse_file", flaky)
    with caplog.at_level(logging.ERROR):
        summary = ingest_paths([str(tmp_path / "in")], settings, progress=False, store=store)
    assert summary.files == 4 and summary.reports == 2 and summary.added == 2
    reasons = {Path(f.path).name: f.reason for f in summary.failed}
    assert set(reasons) == {bad.name, odd.name}
    with pytest.raises(UnreadableFile) as unreadable:
        real_parse(bad)
    assert reasons[bad.name] == str(unreadable.value)  # the reader's own reason, word for word
    assert "意外错误" in reasons[odd.name] and "parser bug" in caplog.text
    assert sorted(r.agency for r in store.reports()) == sorted(p.stem[:2] for p in good)


def test_progress_bar_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = Settings(data=tmp_path / "data")
    path = write_fictional(tmp_path / "in", "甲镇")
    summary = ingest_paths([str(path)], settings, store=Store(settings, embeddings=CharEmbeddings()))
    assert summary.added == 1 and "导入" in capsys.readouterr().err


# ------------------------------------------------------------------------------ slow (real model, Chroma)
@pytest.mark.slow
@pytest.mark.seeds
def test_seeds_twice_then_a_new_version(settings: Settings, seed_2025: Path, seed_2022: Path,
                                        tmp_path: Path) -> None:
    first = ingest_paths([str(seed_2025), str(seed_2022)], settings, progress=False)
    assert (first.reports, first.added, first.failed) == (2, 2, ())
    store = Store(settings)
    state = (store.reports(), both_stores(store))
    again = ingest_paths([str(seed_2022), str(seed_2025)], settings, progress=False)
    assert (again.unchanged, again.added, again.replaced, again.chunks) == (2, 0, 0, first.chunks)
    assert (store.reports(), both_stores(store)) == state
    chroma, sqlite, pending = both_stores(store)
    assert chroma == sqlite and len(sqlite) == first.chunks and pending == 0

    revised = tmp_path / "revised.txt"  # the same agency and year, corrected text
    revised.write_text(seed_2025.read_text(encoding="utf-8") + "\n（本报告于次年3月更正。）\n", encoding="utf-8")
    old_id = next(r.id for r in store.reports(year=2025))
    third = ingest_paths([str(revised)], settings, progress=False)
    assert (third.added, third.replaced) == (1, 0)  # kept beside the first edition, which is not lost
    (group,) = third.kept_duplicates
    assert group.current == str(revised.resolve()) and str(seed_2025) in group.files
    rows = store.reports(year=2025)
    assert len(rows) == 1 and rows[0].source_path == str(revised.resolve())
    assert len(store.reports(year=2025, current_only=False)) == 2

    again = tmp_path / "again.txt"  # --replace: this edition supersedes both
    again.write_text(revised.read_text(encoding="utf-8") + "（再次更正。）\n", encoding="utf-8")
    fourth = ingest_paths([str(again)], settings, progress=False, replace=True)
    assert (fourth.replaced, fourth.kept_duplicates) == (1, ())
    rows = store.reports(year=2025, current_only=False)
    assert len(rows) == 1 and rows[0].id != old_id and rows[0].source_path == str(again.resolve())
    chroma, sqlite, _ = both_stores(store)
    assert chroma == sqlite and not any(i.startswith(old_id) for i in chroma)


@pytest.mark.slow
@pytest.mark.seeds
def test_kill_minus_nine_mid_report_then_rerun(settings: Settings, seed_2025: Path, seed_2022: Path,
                                               tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i, seed in enumerate((seed_2025, seed_2022)):
        (folder / f"{i}.txt").write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "2.txt").write_text(seed_2025.read_text(encoding="utf-8").replace("背孜乡", "南山乡"), encoding="utf-8")
    # The real model through its ONNX backend: the child starts in seconds instead of importing torch.
    settings = settings.model_copy(update={"embedding_backend": "onnx"})
    code = (
        "import sys; from ingest.pipeline import ingest_paths; from ingest.settings import Settings\n"
        f"ingest_paths([{str(folder)!r}], Settings(data={str(settings.data)!r}, "
        f"model_cache_dir={str(settings.model_cache)!r}, embedding_backend='onnx'), progress=False)\n"
    )
    # Killed after the second report's vectors are in Chroma, before SQLite marks it complete.
    env = {**os.environ, CRASH_ENV: "chroma_added:2", "PYTHONWARNINGS": "ignore"}
    killed = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]

    store = Store(settings)
    assert len(store.reports()) == 1  # readers see the first report only
    chroma, sqlite, pending = both_stores(store)
    assert pending == 1 and chroma > sqlite  # the half-written report

    summary = ingest_paths([str(folder)], settings, progress=False)
    assert (summary.unchanged, summary.added, summary.failed) == (1, 2, ())
    chroma, sqlite, pending = both_stores(store)
    assert chroma == sqlite and pending == 0
    assert len(store.reports()) == 3 and len(sqlite) == summary.chunks
    counts = store.db.execute("SELECT count(*), count(DISTINCT id) FROM chunks").fetchone()
    assert counts[0] == counts[1] == len(chroma)


@pytest.mark.slow
@pytest.mark.seeds
def test_cli_ingest_exit_codes_and_listing(settings: Settings, seed_2025: Path, seed_2022: Path,
                                           tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from ingest.settings import get_settings
    from ui.cli import app

    monkeypatch.setenv("GONGKAI_DATA", str(settings.data))
    monkeypatch.setenv("GONGKAI_MODEL_CACHE_DIR", str(settings.model_cache))
    get_settings.cache_clear()
    runner = CliRunner()
    try:
        ok = runner.invoke(app, ["ingest", str(seed_2025), "--json"])
        assert ok.exit_code == 0, ok.output
        store = Store(get_settings())
        before = (store.reports(), both_stores(store))

        bad = write_bad(tmp_path)
        mixed = runner.invoke(app, ["ingest", str(bad), str(seed_2025), str(seed_2022)])
        assert mixed.exit_code == 1
        assert "broken.txt" in mixed.output and "失败" in mixed.output
        rows = store.reports()
        assert [r.year for r in rows] == [2022, 2025]
        assert rows[1] == before[0][0]  # the earlier report is untouched

        nothing = runner.invoke(app, ["ingest", str(tmp_path / "nothing-*.pdf")])
        assert nothing.exit_code == 2

        listed = runner.invoke(app, ["reports", "--json"])
        assert listed.exit_code == 0
        data = json.loads(listed.stdout)
        assert isinstance(data, list) and {d["year"] for d in data} == {2022, 2025}

        found = runner.invoke(app, ["search", "公众号发布信息", "--json", "-k", "2", "--year", "2022"])
        hits = json.loads(found.stdout)
        assert len(hits) == 2 and all(h["chunk"]["year"] == 2022 for h in hits)
    finally:
        get_settings.cache_clear()
