"""`gongkai ingest --manifest FILE`: the agency and year of each file, as whoever collected them knows.

A web page's text often does not say whose report it is (navigation first, the title cut off, a
mirror site that rewrote the name), and the metadata reader then guesses or gives up (未知机关).
The person who downloaded the files usually knows; a manifest lets them say so. Its agency and
year win over anything read from the text; only --agency/--year on the command line win over it.

The manifest is a CSV or TSV (by its suffix; otherwise the header line decides) with a header
row: `file`, `agency`, `year` and optionally `region`; any other column is ignored (the real corpus
carries level, url, title …). `file` is relative to the manifest's folder, or absolute. A region
written as a path (黑龙江省/哈尔滨市/五常市) gives its last division that is not the agency itself.

Every problem is found before anything is stored, and reported all together with line numbers, so
a bad manifest costs one edit, not one run per mistake.

A collection often travels with its catalogue: a folder given to `ingest` that holds a
`manifest.tsv` or `manifest.csv` with those columns is read as if given with --manifest (an explicit
--manifest wins for the files it lists). A file of that name without the columns is someone else's
table and is left alone.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from ingest.errors import GongkaiError

log = logging.getLogger(__name__)
REQUIRED = ("file", "agency", "year")
FOLDER_MANIFESTS = ("manifest.tsv", "manifest.csv")
MAX_LISTED = 8  # problems named in one message; the count says how many more


class BadManifest(GongkaiError):
    """The manifest cannot be used as it is (a usage error: nothing is stored, exit 2)."""


class ManifestEntry(BaseModel):
    """What the manifest says about one file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    path: Path  # resolved
    agency: str
    year: int
    region: str | None = None
    line: int  # in the manifest, for messages


def read_manifest(path: Path) -> dict[Path, ManifestEntry]:
    """Entries by resolved file path; raises BadManifest naming every problem and how to fix it."""
    text = _read_text(path)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise BadManifest(f"导入清单 {path} 是空的：第一行应为表头 file, agency, year（可加 region）"
                          " (the manifest is empty: the first line must be the header).")
    delimiter = _delimiter(path, lines[0])
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise BadManifest(
            f"导入清单 {path} 缺少列：{', '.join(missing)}。表头现为：{', '.join(header) or '（空）'}；"
            f"请用{'制表符' if delimiter == chr(9) else '逗号'}分隔，并写明 file, agency, year 三列"
            f" (the manifest lacks the column(s) {', '.join(missing)})."
        )
    reader.fieldnames = header
    entries: dict[Path, ManifestEntry] = {}
    problems: list[str] = []
    for number, row in enumerate(reader, start=2):
        if not any((v or "").strip() for k, v in row.items() if k is not None):
            continue  # a blank line
        entry, problem = _entry(path, number, row)
        if problem:
            problems.append(problem)
        elif entry is not None:
            earlier = entries.get(entry.path)
            if earlier is not None and (earlier.agency, earlier.year) != (entry.agency, entry.year):
                problems.append(f"第{number}行：{entry.path.name} 已在第{earlier.line}行写过，且机关或年度不同")
            entries.setdefault(entry.path, entry)
    if problems:
        shown = "；".join(problems[:MAX_LISTED]) + (f"；另有 {len(problems) - MAX_LISTED} 处" if len(problems) > MAX_LISTED else "")
        raise BadManifest(f"导入清单 {path} 有 {len(problems)} 处问题，请改正后重试（未导入任何文件）：{shown}"
                          f" (fix the manifest; nothing was stored).")
    if not entries:
        raise BadManifest(f"导入清单 {path} 只有表头，没有任何文件行 (the manifest lists no files).")
    return entries


def folder_manifests(folders: list[Path]) -> list[Path]:
    """The catalogues inside the given folders (searched recursively) that have our three columns."""
    found: list[Path] = []
    for folder in folders:
        for name in FOLDER_MANIFESTS:
            found += sorted(folder.rglob(name))
    usable = []
    for path in dict.fromkeys(p.resolve() for p in found):
        try:
            header = _read_text(path).splitlines()[:1]
        except BadManifest:
            continue
        columns = {c.strip().lower() for c in re.split(r"[\t,]", header[0])} if header else set()
        if set(REQUIRED) <= columns:
            usable.append(path)
        else:
            log.info("%s has no file/agency/year columns: not read as a manifest", path)
    return usable


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise BadManifest(f"无法读取导入清单 {path}：{err.strerror or err} (cannot read the manifest).") from err
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BadManifest(f"导入清单 {path} 不是 UTF-8 或 GB18030 文本，请另存为 UTF-8 (the manifest is not text).")


def _delimiter(path: Path, header: str) -> str:
    suffix = path.suffix.lower()
    if suffix == ".tsv":
        return "\t"
    if suffix == ".csv":
        return ","
    return "\t" if "\t" in header else ","


def _entry(manifest: Path, number: int, row: dict[str, str | None]) -> tuple[ManifestEntry | None, str | None]:
    """One row → an entry, or the reason it is unusable."""
    name = (row.get("file") or "").strip()
    agency = (row.get("agency") or "").strip()
    year_text = (row.get("year") or "").strip()
    if not name:
        return None, f"第{number}行：file 列为空"
    if not agency:
        return None, f"第{number}行（{name}）：agency 列为空，请填写机关名称"
    year = int(year_text) if year_text.isdigit() else None
    if year is None or not 1990 <= year <= 2100:
        return None, f"第{number}行（{name}）：year 应为四位年份，现为“{year_text}”"
    file = Path(name).expanduser()
    file = (file if file.is_absolute() else manifest.parent / file).resolve()
    if not file.is_file():
        return None, f"第{number}行：找不到文件 {file}（file 列相对于清单所在的文件夹）"
    return ManifestEntry(path=file, agency=agency, year=year, region=_region(row.get("region"), agency),
                         line=number), None


def _region(text: str | None, agency: str) -> str | None:
    """'黑龙江省/哈尔滨市/五常市' → '五常市': the division nearest the agency, never the agency itself."""
    from ingest.metadata import canonical_agency

    text = (text or "").replace("／", "/")
    if "/" not in text:  # 江苏省淮安市洪泽区: the divisions written together
        text = "/".join(re.findall(r".+?(?:自治区|特别行政区|省|自治州|市|州|盟|地区|自治县|县|区|旗)", text)) or text
    parts = [p.strip() for p in text.split("/") if p.strip()]
    canon = canonical_agency(agency)[0]
    parts = [p for p in parts if p != canon and p != agency]
    return parts[-1] if parts else None
