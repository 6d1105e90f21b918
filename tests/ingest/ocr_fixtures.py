"""Scanned copies of the fictional 青石镇 report (tests/ingest/formats.py), made the way scans arrive.

The report's PDF (LibreOffice from .docx) is rasterised with pdftoppm, optionally degraded like a
copier scan — grain, a page fed 1–2° crooked, a red seal stamped over a table — and wrapped into
an image-only PDF with Pillow, or kept as PNG pages. Everything here is invented test data.
"""

from __future__ import annotations

import random
import re
import subprocess
from pathlib import Path

import formats  # tests/ingest/formats.py

RED = (220, 30, 40)


def rasterise(pdf: Path, out: Path, dpi: int, first: int | None = None, last: int | None = None) -> list[Path]:
    """PNG pages of a PDF at `dpi` (pdftoppm from poppler-utils)."""
    out.mkdir(parents=True, exist_ok=True)
    prefix = out / f"{pdf.stem}-{dpi}"
    pages = (["-f", str(first)] if first else []) + (["-l", str(last)] if last else [])
    subprocess.run(["pdftoppm", "-r", str(dpi), *pages, "-png", str(pdf), str(prefix)], check=True, timeout=120)
    page = re.compile(re.escape(prefix.name) + r"-(\d+)\.png")
    found = [(int(m[1]), p) for p in out.iterdir() if (m := page.fullmatch(p.name))]
    return [p for _, p in sorted(found)]


def degrade(png: Path, seed: int, skew: float = 1.5, noise: float = 18.0, stamp: bool = True) -> Path:
    """A copier-like copy of a page: grey grain and specks, rotated `skew` degrees, a red seal."""
    import numpy as np
    from PIL import Image, ImageChops, ImageDraw

    rng = random.Random(seed)
    img = Image.open(png).convert("RGB")
    w, h = img.size
    if stamp:  # a seal in red ink over the page's print (ink multiplies: black stays black)
        seal = Image.new("RGB", img.size, (255, 255, 255))
        draw = ImageDraw.Draw(seal)
        r = int(w * 0.09)
        cx, cy = int(w * rng.uniform(0.55, 0.75)), int(h * rng.uniform(0.3, 0.6))
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=RED, width=max(r // 12, 3))
        star = [(cx + r * 0.4 * np.cos(a), cy + r * 0.4 * np.sin(a)) for a in np.linspace(-np.pi / 2, 3.5 * np.pi, 6)]
        draw.polygon(star, fill=RED)
        img = ImageChops.multiply(img, seal)
    img = img.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=(255, 255, 255), expand=False)
    arr = np.asarray(img).astype(np.float32)
    gen = np.random.default_rng(seed)
    arr += gen.normal(0, noise, arr.shape[:2])[..., None]
    specks = gen.random(arr.shape[:2]) < 0.0015
    arr[specks] = 40
    out = png.with_name(png.stem + f"-degraded{seed}.png")
    Image.fromarray(arr.clip(0, 255).astype(np.uint8)).save(out)
    return out


def to_pdf(pngs: list[Path], path: Path, dpi: int) -> Path:
    """An image-only PDF (no text layer), one page per PNG."""
    from PIL import Image

    images = [Image.open(p).convert("RGB") for p in pngs]
    images[0].save(path, save_all=True, append_images=images[1:], resolution=float(dpi))
    return path


def report_pdf(out: Path, form: bool = False) -> Path:
    """The fictional report as a text PDF: python-docx ruled tables, or filled into the official form."""
    if form:
        return formats.docx_to_pdf(formats.fill_template(out / "form.docx"), out)
    return formats.docx_to_pdf(formats.write_docx(out / "ruled.docx"), out)


def scanned_pdf(pdf: Path, out: Path, dpi: int, degraded: bool = False, seed: int = 1) -> Path:
    pngs = rasterise(pdf, out, dpi)
    if degraded:
        pngs = [degrade(p, seed + i, skew=(1.5 if i % 2 == 0 else -1.2)) for i, p in enumerate(pngs)]
    name = f"{pdf.stem}-{dpi}{'-degraded' if degraded else ''}-scan.pdf"
    return to_pdf(pngs, out / name, dpi)


def _norm(s: str) -> str:
    import unicodedata

    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s)).replace("“", '"').replace("”", '"')


def cell_accuracy(got: list[list[str]], want: list[list[str]]) -> tuple[int, int, list[tuple[str, str]]]:
    """Filled cells read right, filled cells in all, and the wrong (want, got) pairs.

    Rows are aligned first (difflib), so one lost or extra row costs its own cells only; texts are
    compared after NFKC with spaces removed."""
    import difflib

    keys = ["\t".join(_norm(c) for c in r) for r in want], ["\t".join(_norm(c) for c in r) for r in got]
    pairs: dict[int, int] = {}
    for op, a0, a1, b0, b1 in difflib.SequenceMatcher(None, *keys, autojunk=False).get_opcodes():
        if op == "equal" or (op == "replace" and a1 - a0 == b1 - b0):
            pairs.update(zip(range(a0, a1), range(b0, b1), strict=True))
    right, total, wrong = 0, 0, []
    for i, row in enumerate(want):
        other = got[pairs[i]] if i in pairs else []
        for j, cell in enumerate(row):
            if not cell:
                continue
            total += 1
            seen = other[j] if j < len(other) else ""
            if _norm(seen) == _norm(cell):
                right += 1
            else:
                wrong.append((cell, seen))
    return right, total, wrong
