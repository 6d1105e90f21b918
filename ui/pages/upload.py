"""导入 (staff): upload report files, ingest them one by one with progress, show the summary; and
检查草稿: a draft checked before it is published (qa.check), parsed but never stored.

Only txt/html/pdf/docx up to settings.max_upload_mb are accepted. Each upload is copied into
<data>/uploads under a sanitised name prefixed with its content hash (same file, same name), and
the destination is checked to lie inside that folder before anything is written.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import unicodedata
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr

from ingest.errors import GongkaiError
from ingest.pipeline import SUPPORTED as ALLOWED_SUFFIXES
from ingest.settings import Settings
from ui.pages.backend import Backend

if TYPE_CHECKING:
    from qa.check import CheckResult

RESULT_HEADERS = ["文件", "结果", "报告", "单元格", "核查发现", "说明"]
_UNSAFE = re.compile(r"[^\w.\-（）()]+")


@dataclass
class UploadPage:
    files: gr.File
    run: gr.Button
    summary: gr.Markdown
    results: gr.Dataframe
    draft: gr.File
    check: gr.Button
    checklist: gr.HTML


def build(settings: Settings) -> UploadPage:
    gr.Markdown(
        f"上传政府信息公开工作年度报告（{' / '.join(s.lstrip('.') for s in ALLOWED_SUFFIXES)}），"
        f"每个文件不超过 {settings.max_upload_mb} MB。"
    )
    files = gr.File(
        file_count="multiple", file_types=list(ALLOWED_SUFFIXES), label="报告文件", elem_id="gk-upload"
    )
    run = gr.Button("导入", variant="primary", elem_id="gk-upload-run")
    summary = gr.Markdown(elem_id="gk-upload-summary")
    results = gr.Dataframe(headers=RESULT_HEADERS, interactive=False, wrap=True)
    gr.Markdown("### 检查草稿\n发布前检查一份草稿：表格勾稽关系、正文与表格是否一致、章节是否齐全、空白单元格，"
                "以及与库中上一年报告的结转是否衔接。草稿只检查，不入库。")
    draft = gr.File(file_count="single", file_types=list(ALLOWED_SUFFIXES), label="草稿文件", elem_id="gk-draft")
    check = gr.Button("检查草稿", elem_id="gk-draft-run")
    checklist = gr.HTML(elem_id="gk-draft-result")
    return UploadPage(files, run, summary, results, draft, check, checklist)


def safe_name(name: str) -> str:
    """A file name without directories, control or shell characters; keeps Chinese and the suffix."""
    base = unicodedata.normalize("NFKC", Path(name.replace("\\", "/")).name)
    suffix = Path(base).suffix.lower()
    stem = _UNSAFE.sub("_", Path(base).stem).strip("._") or "report"
    return stem[:100] + (suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else "")


def check_upload(path: Path, name: str, settings: Settings) -> str | None:
    """Why this file is refused, or None when it may be ingested."""
    if Path(name).suffix.lower() not in ALLOWED_SUFFIXES:
        return f"不支持的文件类型（只接受 {'、'.join(ALLOWED_SUFFIXES)}）"
    size = path.stat().st_size
    if size > settings.max_upload_mb * 1024 * 1024:
        return f"文件太大（{size / 1024 / 1024:.1f} MB，上限 {settings.max_upload_mb} MB）"
    if size == 0:
        return "文件是空的"
    return None


def store_upload(path: Path, name: str, settings: Settings) -> Path:
    """Copy into <data>/uploads/<sha8>-<safe name>; refuses any destination outside that folder."""
    folder = (settings.data / "uploads").resolve()
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:8]
    dest = (folder / f"{digest}-{safe_name(name)}").resolve()
    if not dest.is_relative_to(folder):
        raise GongkaiError(f"文件名不安全：{name}")
    shutil.copyfile(path, dest)
    return dest


def import_files(
    backend: Backend, settings: Settings, files: list[Any] | None, progress: Any = None
) -> tuple[str, list[list[Any]]]:
    """Check, store and ingest each file; one result row per file and a one-line total."""
    rows: list[list[Any]] = []
    files = files or []
    if not files:
        return "请先选择要导入的文件。", rows
    added = cells = findings = failed = 0
    for i, item in enumerate(files):
        tmp = Path(item if isinstance(item, str) else getattr(item, "name", str(item)))
        name = getattr(item, "orig_name", None) or tmp.name
        if progress is not None:
            progress(i / len(files), desc=f"正在导入 {name}（{i + 1}/{len(files)}）")
        reason = check_upload(tmp, name, settings)
        if reason:
            rows.append([name, "拒绝", 0, 0, 0, reason])
            failed += 1
            continue
        try:
            summary = backend.ingest([str(store_upload(tmp, name, settings))])
        except GongkaiError as e:
            rows.append([name, "失败", 0, 0, 0, str(e)])
            failed += 1
            continue
        status = "失败" if summary.failed or not summary.reports else (
            "新增" if summary.added else "替换" if summary.replaced else "未变")
        note = "；".join(f.reason for f in summary.failed)
        rows.append([name, status, summary.reports, summary.cells, summary.findings, note])
        added += summary.reports
        cells += summary.cells
        findings += summary.findings
        failed += 1 if status == "失败" else 0
    if progress is not None:
        progress(1.0, desc="完成")
    text = f"共 {len(files)} 个文件：成功解析报告 {added} 份，单元格 {cells} 个，核查发现 {findings} 条；失败或拒绝 {failed} 个。"
    return text, rows


def checklist_html(result: CheckResult) -> str:
    """The draft's problems, numbered, each naming the table, row, column, values and rule."""
    head = f"{escape(result.file)}（{escape(result.agency or '机关不明')} {result.year or '年份不明'}年）"
    previous = (f"已与库中{result.year - 1}年报告核对上年结转。" if result.previous_year_checked and result.year
                else "库中没有上一年报告，未核对上年结转。")
    if result.ok:
        return (f'<div class="gk-checklist gk-ok"><p><b>{head}：未发现问题。</b></p>'
                f'<p class="gk-legend">{previous}</p></div>')
    items = "".join(f'<li data-rule="{escape(p.rule)}">{escape(p.message)}</li>' for p in result.problems)
    return (f'<div class="gk-checklist"><p class="gk-failed-note"><b>{head}：发现{len(result.problems)}处问题</b></p>'
            f'<ol>{items}</ol><p class="gk-legend">{previous}</p></div>')


def check_draft(backend: Backend, settings: Settings, item: Any) -> str:
    """Check one uploaded draft without storing it; a readable message for every refusal."""
    if not item:
        return '<p class="gk-empty">请先选择要检查的草稿文件。</p>'
    tmp = Path(item if isinstance(item, str) else getattr(item, "name", str(item)))
    name = getattr(item, "orig_name", None) or tmp.name
    reason = check_upload(tmp, name, settings)
    if reason:
        return f'<p class="gk-failed-note">{escape(name)}：{escape(reason)}</p>'
    try:
        result = backend.check_draft(str(tmp))
    except GongkaiError as e:
        return f'<p class="gk-failed-note">{escape(name)}：无法检查（{escape(str(e))}）</p>'
    return checklist_html(result.model_copy(update={"file": safe_name(name)}))


def wire(page: UploadPage, backend: Backend, settings: Settings) -> None:
    def _run(files: list[Any] | None, progress: gr.Progress = gr.Progress()) -> tuple[str, Any]:  # noqa: B008
        import pandas as pd

        text, rows = import_files(backend, settings, files, progress)
        return text, pd.DataFrame(rows, columns=RESULT_HEADERS)

    page.run.click(_run, [page.files], [page.summary, page.results], api_visibility="private")
    page.check.click(lambda f: check_draft(backend, settings, f), [page.draft], [page.checklist],
                     api_visibility="private")
