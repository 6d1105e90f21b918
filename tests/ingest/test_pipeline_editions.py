"""No report is lost (issue 12), on real report pages: editions of one agency and year are kept side
by side with one current, unchanged files stay unchanged, --replace supersedes, a manifest names
what the text does not, a bad manifest stores nothing, and the summary says what is uncertain.

Reads ../shared/real (skips without it); the embedder is a fake, SQLite and Chroma are real, except for
the whole corpus, which is the session's real-model store of it (tests/conftest.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fakes import CharEmbeddings

from ingest.manifest import BadManifest
from ingest.metadata import UNKNOWN_AGENCY
from ingest.pipeline import ingest_paths
from ingest.settings import Settings
from ingest.store import Store

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "real"
PAGES = REAL / "pages"
KNOWN = "001.txt"  # a page whose text names its agency and year
UNNAMED = "022.txt"  # a page whose text does not name its agency (“我局” only) (stored as 未知机关 without a manifest)


def real(name: str) -> Path:
    path = PAGES / name
    if not path.exists():
        pytest.skip(f"real report pages not found at {PAGES}: they live in ../shared/real beside the clone")
    return path


def manifest_row(name: str) -> dict[str, str]:
    """The real manifest's row for a page (agency, region, year, …)."""
    lines = (PAGES / "manifest.tsv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return next(dict(zip(header, line.split("\t"), strict=False)) for line in lines[1:] if line.startswith(name))


@pytest.fixture
def env(tmp_path: Path) -> tuple[Settings, Store]:
    settings = Settings(data=tmp_path / "data")
    return settings, Store(settings, embeddings=CharEmbeddings())


def ingest(env: tuple[Settings, Store], *paths: Path, **options: object):  # type: ignore[no-untyped-def]
    settings, store = env
    return ingest_paths([str(p) for p in paths], settings, progress=False, store=store, **options)  # type: ignore[arg-type]


def test_two_editions_are_both_stored_and_one_answers(env: tuple[Settings, Store], tmp_path: Path) -> None:
    page = real(KNOWN)
    folder = tmp_path / "in"
    folder.mkdir()
    first = folder / "original.txt"
    shutil.copy(page, first)
    corrected = folder / "corrected.txt"  # the same report, republished with a correction note
    corrected.write_text(page.read_text(encoding="utf-8") + "\n（本报告已更正。）\n", encoding="utf-8")
    summary = ingest(env, first, corrected)
    _, store = env
    assert (summary.added, summary.replaced, summary.failed) == (2, 0, ())
    (group,) = summary.kept_duplicates
    assert set(group.files) == {str(first.resolve()), str(corrected.resolve())}
    assert group.current == str(corrected.resolve())  # as complete as the first, and ingested later
    rows = store.reports(current_only=False)
    assert len(rows) == 2 and [r.source_path for r in store.reports()] == [str(corrected.resolve())]
    findings = store.findings(rule="duplicate_report", current_only=False)
    assert len(findings) == 2
    assert all("original.txt" in f.message and "corrected.txt" in f.message for _, f in findings)

    again = ingest(env, folder)  # nothing changed: nothing happens
    assert (again.unchanged, again.added, again.relabelled) == (2, 0, 0)
    assert store.reports(current_only=False) == rows

    newest = folder / "newest.txt"
    newest.write_text(corrected.read_text(encoding="utf-8") + "（再次更正。）\n", encoding="utf-8")
    replaced = ingest(env, newest, replace=True)
    assert replaced.replaced == 1 and replaced.kept_duplicates == ()
    assert [r.source_path for r in store.reports(current_only=False)] == [str(newest.resolve())]
    assert store.findings(rule="duplicate_report", current_only=False) == []


def test_manifest_names_the_agency_the_text_does_not(env: tuple[Settings, Store], tmp_path: Path) -> None:
    page = real(UNNAMED)
    row = manifest_row(UNNAMED)
    folder = tmp_path / "pages"
    folder.mkdir()
    shutil.copy(page, folder / UNNAMED)
    other = folder / "other.txt"
    shutil.copy(real(KNOWN), other)
    _, store = env

    guessed = ingest(env, folder)  # without a manifest: stored, and listed as uncertain
    (uncertain,) = guessed.uncertain
    assert Path(uncertain.path).name == UNNAMED and uncertain.agency == UNKNOWN_AGENCY
    assert "机关" in uncertain.reason
    assert store.report(uncertain.report_id) is not None

    manifest = folder / "manifest.tsv"  # the real manifest's columns, extra ones included
    manifest.write_text("file\tagency\tregion\tlevel\tyear\turl\n"
                        f"{UNNAMED}\t{row['agency']}\t{row['region']}\ttownship\t{row['year']}\thttp://example\n",
                        encoding="utf-8")
    fixed = ingest(env, folder, manifest=manifest)
    assert (fixed.relabelled, fixed.unchanged, fixed.uncertain) == (1, 1, ())
    (stored,) = [r for r in store.reports(current_only=False) if r.id == uncertain.report_id]
    assert stored.agency != UNKNOWN_AGENCY and row["agency"].startswith(stored.agency[:2])
    assert stored.year == int(row["year"]) and stored.region == row["region"].split("/")[-1]
    assert {c.agency for c in store.chunks(report_id=stored.id)} == {stored.agency}
    assert store.reports(agency=UNKNOWN_AGENCY, current_only=False) == []

    only_manifest = ingest(env, manifest=manifest)  # no paths: the manifest's files
    assert (only_manifest.files, only_manifest.unchanged) == (1, 1)

    forgotten = ingest(env, folder)  # the text alone does not undo what the manifest said
    assert (forgotten.unchanged, forgotten.relabelled, forgotten.uncertain) == (2, 0, ())
    assert [r for r in store.reports(current_only=False) if r.id == stored.id] == [stored]


def test_cli_options_win_over_the_manifest(env: tuple[Settings, Store], tmp_path: Path) -> None:
    page = real(UNNAMED)
    manifest = tmp_path / "list.csv"
    manifest.write_text(f"file,agency,year\n{page},某某镇,2021\n", encoding="utf-8")  # an absolute path
    summary = ingest(env, page, manifest=manifest, year=2020)
    _, store = env
    (row,) = store.reports()
    assert summary.added == 1 and (row.agency, row.year) == ("某某镇", 2020)


@pytest.mark.parametrize(("content", "says"), [
    ("file\tyear\n001.txt\t2022\n", "缺少列：agency"),
    ("file\tagency\tyear\n001.txt\t某镇\t二〇二二\n", "year 应为四位年份"),
    ("file\tagency\tyear\nmissing.txt\t某镇\t2022\n", "找不到文件"),
    ("file\tagency\tyear\n001.txt\t\t2022\n", "agency 列为空"),
    ("", "是空的"),
])
def test_a_bad_manifest_says_what_to_fix_and_stores_nothing(env: tuple[Settings, Store], tmp_path: Path,
                                                            content: str, says: str) -> None:
    page = real(KNOWN)
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(page, folder / "001.txt")
    manifest = folder / "manifest.tsv"
    manifest.write_text(content, encoding="utf-8")
    with pytest.raises(BadManifest, match=says) as bad:
        ingest(env, folder, manifest=manifest)
    assert "manifest" in str(bad.value)  # the English half
    _, store = env
    assert store.reports(current_only=False) == []


def test_cli_rejects_a_bad_manifest_with_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from ingest.settings import get_settings
    from ui.cli import app

    page = real(KNOWN)
    manifest = tmp_path / "m.csv"
    manifest.write_text(f"name,agency,year\n{page},某镇,2022\n", encoding="utf-8")
    monkeypatch.setenv("GONGKAI_DATA", str(tmp_path / "data"))
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["ingest", str(page), "--manifest", str(manifest)])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 2
    assert "缺少列：file" in result.output
    assert not (tmp_path / "data" / "gongkai.sqlite3").exists()  # refused before any store was opened


@pytest.mark.slow
def test_the_whole_real_corpus_loses_no_report(real_corpus) -> None:  # type: ignore[no-untyped-def]
    """Every file is stored or failed with a reason (parsing failures are other work); nothing replaces
    anything, and a second run changes nothing. The first run is the session's ingest of ../shared/real
    into a fresh store (tests/conftest.py, real model); the second runs here, on that store."""
    settings, first, root = real_corpus
    store = Store(settings)
    try:
        assert first.reports == first.files and not first.failed, first.failed  # every real file is a stored report
        assert first.replaced == 0 and first.added == first.reports
        assert len(store.reports(current_only=False)) == first.reports
        duplicated = sum(len(g.files) for g in first.kept_duplicates) - len(first.kept_duplicates)
        assert len(store.reports()) == first.reports - duplicated
        second = ingest_paths([str(root)], settings, progress=False, store=store)
        assert (second.unchanged, second.added, second.replaced, second.relabelled) == (first.reports, 0, 0, 0)
    finally:
        store.close()


def test_a_folders_own_manifest_is_read_unless_told_not_to(env: tuple[Settings, Store], tmp_path: Path) -> None:
    """A collection that travels with its catalogue (the real corpus's pages/manifest.tsv) is labelled
    by it when the folder is ingested; a file named manifest.csv without the columns is not ours."""
    page, row = real(UNNAMED), manifest_row(UNNAMED)
    folder = tmp_path / "collection"
    folder.mkdir()
    shutil.copy(page, folder / UNNAMED)
    (folder / "manifest.csv").write_text("编号,备注\n1,与报告无关的表格\n", encoding="utf-8")  # someone else's table
    _, store = env

    plain = ingest(env, folder, folder_manifest=False)
    assert [u.agency for u in plain.uncertain] == [UNKNOWN_AGENCY]

    (folder / "manifest.tsv").write_text("file\tagency\tregion\tyear\n"
                                         f"{UNNAMED}\t{row['agency']}\t{row['region']}\t{row['year']}\n", encoding="utf-8")
    labelled = ingest(env, folder)
    assert (labelled.relabelled, labelled.uncertain) == (1, ())
    (stored,) = store.reports(current_only=False)
    assert stored.agency != UNKNOWN_AGENCY and stored.year == int(row["year"])
