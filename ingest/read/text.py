"""Plain-text reports: UTF-8 (with or without BOM) or GB18030/GBK, detected without being told.

Chinese agencies save .txt files in GBK as often as in UTF-8, and never say which. Decoding the
wrong way gives mojibake that would then be parsed and answered from, so every decoding is checked
for being plausible Chinese text; anything else (binary data, a PDF renamed .txt, UTF-16, an empty
file) is refused with a reason the user can act on.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

from ingest.errors import UnreadableFile
from ingest.read import Document

# Characters a Chinese report is made of: ASCII, CJK ideographs, radicals, CJK and full-width
# punctuation, general punctuation (“” … —), and the odd symbol (①, ×, ≤, ℃, №, ·).
_PLAUSIBLE = re.compile(
    r"[\t\n\r\x20-\x7e\u00a0\u00b7\u00d7\u00e0-\u01dc\u2000-\u206f\u2103\u2116\u2160-\u217f\u2190-\u21ff"
    r"\u2200-\u22ff\u2460-\u24ff\u2500-\u257f\u25a0-\u25ff\u2600-\u26ff\u2e80-\u2fdf\u3000-\u303f"
    r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]"
)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
MIN_PLAUSIBLE = 0.95  # share of characters above that a real report reaches (measured ≈ 1.0; pinyin glosses count)
MIN_COMMON_HAN = 0.9  # share of ideographs in GB2312 for text decoded from undeclared GB18030


def plausible_share(text: str) -> float:
    """Share of characters that belong in a Chinese report (1.0 for clean text, low for mojibake)."""
    if not text:
        return 0.0
    return len(_PLAUSIBLE.findall(text)) / len(text)


def common_han_share(text: str) -> float:
    """Share of ideographs found in GB2312: GBK mojibake is made of rare ones."""
    han = _HAN.findall(text)
    if not han:
        return 1.0
    common = 0
    for ch in han:
        try:
            ch.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return common / len(han)


def _reads_as_utf16(head: bytes, encoding: str) -> bool:
    """Zero bytes on one side could be UTF-16 text or any binary file: only text decodes plausibly."""
    return plausible_share(head[: len(head) // 2 * 2].decode(encoding, errors="replace")) >= MIN_PLAUSIBLE


def _refuse_binary(data: bytes, name: str) -> None:
    head = data[:4096]
    odd, even = head[1::2].count(0), head[0::2].count(0)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (
        odd + even >= 4 and max(odd, even) >= 0.75 * (odd + even)
        and _reads_as_utf16(head, "utf-16-le" if odd > even else "utf-16-be")
    ):
        raise UnreadableFile(
            f"文件是 UTF-16 编码：{name}。请用记事本等工具另存为 UTF-8 或 GB18030 后重试 (UTF-16 is not supported)."
        )
    if head.lstrip().startswith(b"%PDF-"):
        raise UnreadableFile(
            f"这是 PDF 文件而不是文本文件：{name}。请把扩展名改为 .pdf 后重试 (a PDF named .txt)."
        )
    if head.startswith(b"PK\x03\x04"):
        raise UnreadableFile(
            f"这是压缩包或 Word 文件而不是文本文件：{name}。Word 报告请使用 .docx 扩展名 (a zip/docx named .txt)."
        )
    if b"\x00" in head:
        raise UnreadableFile(
            f"不是文本文件（含二进制内容）：{name}。请提供 txt/html/pdf/docx 报告 (binary data)."
        )


def _garbled(name: str) -> UnreadableFile:
    return UnreadableFile(
        f"无法识别文件编码，解码后是乱码：{name}。请另存为 UTF-8 后重试 (unknown encoding, text would be garbled)."
    )


def _candidates(data: bytes) -> list[tuple[str, str]]:
    """Decodings worth checking, most likely first."""
    out: list[tuple[str, str]] = []
    try:
        out.append((data.decode("utf-8"), "utf-8"))
        return out
    except UnicodeDecodeError:
        pass
    damaged = data.decode("utf-8", errors="replace")
    if damaged.count("\ufffd") <= max(1, len(damaged) // 2000):
        out.append((damaged, "utf-8"))  # a byte or two broken in transit: still far better than mojibake
    for enc in ("gb18030", "big5"):
        with contextlib.suppress(UnicodeDecodeError):
            out.append((data.decode(enc), enc))
    return out


def decode(data: bytes, name: str = "") -> tuple[str, str]:
    """Bytes → (text, encoding). UTF-8 first (strict), then GB18030, then charset-normalizer."""
    if data.startswith(b"\xef\xbb\xbf"):
        data, bom = data[3:], True
    else:
        bom = False
    if not data.strip():
        raise UnreadableFile(f"文件为空：{name}。请检查导出的文件是否完整 (empty file).")
    _refuse_binary(data, name)
    if bom:
        text = data.decode("utf-8", errors="replace")
        if plausible_share(text) < MIN_PLAUSIBLE:
            raise _garbled(name)
        return text, "utf-8-sig"
    for text, enc in _candidates(data):
        if plausible_share(text) < MIN_PLAUSIBLE:
            continue
        if enc != "utf-8" and common_han_share(text) < MIN_COMMON_HAN:
            continue
        return text, enc
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise _garbled(name)
    text = str(best)
    if plausible_share(text) < MIN_PLAUSIBLE or not _HAN.search(text) and not text.isascii():
        raise _garbled(name)
    return text, best.encoding


def read_text(path: Path) -> Document:
    text, encoding = decode(path.read_bytes(), path.name)
    return Document(
        text=text.replace("\r\n", "\n").replace("\r", "\n"), source_format="txt", encoding=encoding
    )
