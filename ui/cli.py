"""The `gongkai` command line. Every option has help text; settings also come from GONGKAI_* env vars.

Errors that users can cause (a bad file, an empty store) print one line and exit 1; usage errors
exit 2. Heavy libraries are imported inside the commands that need them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from ingest.errors import GongkaiError

if TYPE_CHECKING:
    from pydantic import BaseModel

    from ingest.store import Store

app = typer.Typer(
    help="gongkai 公开：政府信息公开工作年度报告问答 (question answering over annual disclosure reports).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err = Console(stderr=True)

AgencyOpt = Annotated[str | None, typer.Option("--agency", help="Agency name, overriding the parser's.")]
YearOpt = Annotated[int | None, typer.Option("--year", help="Report year, overriding the parser's.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]


def _fail(error: GongkaiError) -> None:
    err.print(f"[red]错误[/red]: {error}", markup=True, highlight=False)
    raise typer.Exit(1)


@contextmanager
def _user_errors() -> Iterator[None]:
    """A GongkaiError inside becomes one line on stderr and exit status 1, never a traceback."""
    try:
        yield
    except GongkaiError as e:
        _fail(e)


def _show(data: BaseModel | Sequence[BaseModel], as_json: bool, renderer: str) -> None:
    """Print `data` as JSON, or as text by the named ui.render function (loaded only then)."""
    if as_json:
        from pydantic import BaseModel

        text = (data.model_dump_json(indent=2) if isinstance(data, BaseModel)
                else json.dumps([d.model_dump() for d in data], ensure_ascii=False, indent=2))
        sys.stdout.write(text + "\n")
        return
    from ui import render

    console.print(getattr(render, renderer)(data), highlight=False)


@app.command()
def parse(
    file: Annotated[Path, typer.Argument(help="A report file (.txt/.html/.pdf/.docx).")],
    as_json: JsonOpt = False,
    agency: AgencyOpt = None,
    year: YearOpt = None,
) -> None:
    """Parse one report and print what was found (tables, facts, commitments, findings)."""
    from ingest.parse import parse_file

    if not file.exists():
        err.print(f"错误: 文件不存在 (file not found): {file}")
        raise typer.Exit(1)
    with _user_errors():
        report = parse_file(file, agency=agency, year=year)
    _show(report, as_json, "report_text")


@app.command()
def ingest(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files, folders (searched recursively) or glob patterns; "
                                              "none: the files the manifest lists.")
    ] = None,
    agency: AgencyOpt = None,
    year: YearOpt = None,
    manifest: Annotated[
        Path | None, typer.Option("--manifest", help="CSV/TSV with columns file, agency, year (optional region; "
                                  "other columns ignored): each file's agency and year, overriding its text.")
    ] = None,
    folder_manifest: Annotated[
        bool, typer.Option("--folder-manifest/--no-folder-manifest",
                           help="Read a manifest.tsv/manifest.csv found inside a folder given (file, agency, year "
                                "columns) as if passed with --manifest.")
    ] = True,
    replace: Annotated[
        bool, typer.Option("--replace", help="Each file supersedes (removes) the stored reports of its agency and "
                           "year; without it they are kept side by side and one is used for answers.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Parse and store reports: cells/facts in SQLite, embedded chunks in Chroma.

    Exit status: 0 all stored, 1 some files failed (the others are stored), 2 nothing matched or a bad manifest."""
    from ingest.manifest import BadManifest
    from ingest.pipeline import NoFilesMatched, ingest_paths
    from ingest.settings import get_settings

    if not paths and manifest is None:
        err.print("错误: 请给出要导入的文件、文件夹或通配符，或用 --manifest 指定导入清单 (give paths or --manifest).",
                  highlight=False)
        raise typer.Exit(2)
    try:
        summary = ingest_paths(paths or [], get_settings(), agency=agency, year=year, manifest=manifest,
                               folder_manifest=folder_manifest, replace=replace, progress=not as_json)
    except (NoFilesMatched, BadManifest) as e:
        err.print(f"错误: {e}", highlight=False)
        raise typer.Exit(2) from None
    except GongkaiError as e:
        _fail(e)
        return
    _show(summary, as_json, "summary_text")
    raise typer.Exit(0 if not summary.failed else 1)


@app.command()
def reports(
    as_json: JsonOpt = False,
    agency: Annotated[str | None, typer.Option("--agency", help="Only this agency.")] = None,
    year: Annotated[int | None, typer.Option("--year", help="Only this year.")] = None,
) -> None:
    """List the stored reports, every edition kept (JSON: a list, one object per report; `current`
    marks the one of each agency and year that answers use)."""
    from ingest.settings import get_settings
    from ingest.store import Store

    with _user_errors():
        rows = Store(get_settings()).reports(agency=agency, year=year, current_only=False)
    _show(rows, as_json, "reports_table")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="What to look for.")],
    k: Annotated[int, typer.Option("-k", min=1, max=50, help="How many chunks.")] = 5,
    as_json: JsonOpt = False,
    agency: Annotated[str | None, typer.Option("--agency", help="Only chunks of this agency.")] = None,
    year: Annotated[int | None, typer.Option("--year", help="Only chunks of this year.")] = None,
    section: Annotated[int | None, typer.Option("--section", min=0, max=6, help="Only this section (1–6).")] = None,
) -> None:
    """Show the chunks hybrid retrieval finds for a query, with metadata and scores."""
    from ingest.settings import get_settings
    from ingest.store import Store
    from qa.retrieve import Retriever

    settings = get_settings()
    with _user_errors():
        hits = Retriever(settings, Store(settings)).search(query, k, agency=agency, year=year, section=section)
    _show(hits, as_json, "hits_text")


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="A question in Chinese, e.g. 青石镇2024年收到多少申请？")],
    as_json: JsonOpt = False,
    agency: Annotated[
        str | None, typer.Option("--agency", help="Agency the question is about when it names none (context).")
    ] = None,
    year: Annotated[int | None, typer.Option("--year", help="Report year when the question names none (context).")] = None,
) -> None:
    """Answer one question from the stored reports, with its sources."""
    from ingest.settings import get_settings
    from qa.answerer import Answerer

    context = {k: v for k, v in (("agency", agency), ("year", year)) if v}
    with _user_errors():
        answer = Answerer(get_settings()).ask(question, context=context or None)
    _show(answer, as_json, "answer_text")


@app.command()
def commitments(
    agency: Annotated[str, typer.Argument(help="Agency as stored, e.g. 平潭综合实验区 (see `gongkai reports`).")],
    as_json: JsonOpt = False,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="Also write an Excel workbook: one row per commitment, its status by year.")] = None,
    files: Annotated[list[Path] | None, typer.Option("--from", help="Read these report files (or folders) instead of the store (matched by words only: vectors are stored at ingest); repeatable.")] = None,
) -> None:
    """承诺跟踪: every year's problems and measures, where each comes back (反复出现), is reported done (已落实), or is never mentioned again (此后未提及)."""
    from ingest.settings import get_settings
    from qa.tracking import timeline, timeline_of

    with _user_errors():
        if files:
            from ingest.parse import parse_file

            paths = [p for f in files for p in (sorted(x for x in f.rglob("*") if x.is_file() and x.suffix.lower() in
                     {".txt", ".html", ".htm", ".pdf", ".docx"}) if f.is_dir() else [f])]
            reports = [r for r in (parse_file(p) for p in paths) if agency in r.meta.agency or not r.meta.agency]
            line = timeline(reports, agency)  # files read now have no stored vectors: words alone (the note says so)
        else:
            from ingest.store import Store

            line = timeline_of(Store(get_settings()), agency)  # the item vectors stored at ingest
    if not line.years:
        err.print(f"错误: 没有找到{agency}的报告 (no reports of this agency); 用 `gongkai reports` 查看已入库的机关。")
        raise typer.Exit(1)
    if xlsx is not None:
        from ui.timeline import export_timeline

        export_timeline(line, xlsx)
    if as_json:
        sys.stdout.write(json.dumps({**line.model_dump(), "items": [
            {**t.model_dump(), "summary": t.summary, "status_by_year": {y: t.status(y) for y in line.years}}
            for t in line.items]}, ensure_ascii=False, indent=2) + "\n")
        return
    from ui.timeline import timeline_text

    console.print(timeline_text(line), highlight=False, markup=False, soft_wrap=True)
    hint = "；入库后（gongkai ingest）按词语和语义向量匹配" if files else ""
    err.print(f"（{line.matching_note}{hint}）", highlight=False, markup=False)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to bind; anything but loopback needs GONGKAI_ADMIN_PASSWORD.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 7860,
    ingest_samples: Annotated[
        bool, typer.Option("--ingest-samples", help="Ingest the bundled sample reports when the store is empty.")
    ] = False,
) -> None:
    """Serve the web app (chat, staff pages, REST API)."""
    from ingest.settings import get_settings
    from ui.app import serve as run_server

    with _user_errors():
        run_server(get_settings(), host=host, port=port, ingest_samples=ingest_samples)


@app.command("eval")
def evaluate(
    questions: Annotated[Path, typer.Option("--questions", help="Gold questions, JSONL.")],
    corpus: Annotated[Path | None, typer.Option("--corpus", help="Ingest this folder into a fresh store first.")] = None,
    out: Annotated[Path, typer.Option("--out", help="Where report.md, results.jsonl and the chart go.")] = Path("out/eval"),
    baseline: Annotated[bool, typer.Option("--baseline/--no-baseline", help="Also score the plain LangChain RAG baseline.")] = True,
) -> None:
    """Score answers against a gold question set, per question kind, beside a plain RAG baseline."""
    from eval.run import run_eval

    with _user_errors():
        summary = run_eval(questions, corpus=corpus, out=out, baseline=baseline)
    for system, acc in summary.accuracy.items():
        wrong = summary.confident_wrong.get(system, 0)
        console.print(f"{system}: {100 * acc:.1f}% of {summary.questions}, confidently wrong {wrong}", highlight=False)
    console.print(f"report: {out / 'report.md'}", highlight=False)



@app.command()
def check(
    files: Annotated[list[Path], typer.Argument(help="Draft report files (.txt/.html/.pdf/.docx); parsed, never stored.")],
    as_json: JsonOpt = False,
) -> None:
    """检查草稿: every problem of a draft in Chinese (table, row, column, values, rule); exit 1 if any."""
    from qa.check import check_file, check_text

    store = _store_if_any()
    results = []
    for file in files:
        if not file.exists():
            err.print(f"错误: 文件不存在 (file not found): {file}")
            raise typer.Exit(1)
        with _user_errors():
            results.append(check_file(str(file), store))
    if as_json:
        sys.stdout.write(json.dumps([{**r.model_dump(), "ok": r.ok} for r in results], ensure_ascii=False, indent=2) + "\n")
    else:
        console.print(check_text(results), highlight=False, markup=False, soft_wrap=True)
    if not all(r.ok for r in results):
        raise typer.Exit(1)



@app.command()
def compare(
    agency: Annotated[str, typer.Argument(help="Agency as stored, e.g. 平潭综合实验区 (see `gongkai reports`).")],
    year1: Annotated[int, typer.Argument(help="The earlier year.")],
    year2: Annotated[int, typer.Argument(help="The later year.")],
    as_json: JsonOpt = False,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="Also write an Excel workbook: 重复率, 数字变化, 核查 sheets.")] = None,
    html: Annotated[Path | None, typer.Option("--html", help="Also write a printable HTML page of the comparison.")] = None,
) -> None:
    """两年对比: 重复率 per section with the repeated sentences, every changed figure (请核实 when large), the carry-over check."""
    from qa.compare import compare_reports, comparison_text, stored_report

    store = _store_if_any()
    found = {y: stored_report(store, agency, y) if store is not None else None for y in (year1, year2)}
    missing = [str(y) for y, r in found.items() if r is None]
    if missing:
        err.print(f"错误: 没有找到{agency} {'、'.join(missing)}年的报告 (report not stored); 用 `gongkai reports` 查看已入库的报告。")
        raise typer.Exit(1)
    result = compare_reports(found[year1], found[year2])  # type: ignore[arg-type]
    if xlsx is not None or html is not None:
        from ui.comparison import export_comparison

        for path in (p for p in (xlsx, html) if p is not None):
            try:
                export_comparison(result, path)
            except OSError as e:
                err.print(f"错误: 无法写入 {path} (cannot write): {e.strerror or e}")
                raise typer.Exit(1) from None
    if as_json:
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")
    else:
        console.print(comparison_text(result), highlight=False, markup=False, soft_wrap=True)

def _store_if_any() -> Store | None:
    """The settings' store when its database exists (a check never creates one)."""
    from ingest.settings import get_settings

    settings = get_settings()
    if not settings.db_path.exists():
        return None
    from ingest.store import Store

    with _user_errors():
        return Store(settings)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
