"""Plain-text reports: UTF-8 (with or without BOM) or GB18030/GBK, detected without being told."""

from __future__ import annotations

from pathlib import Path

from ingest.errors import UnreadableFile
from ingest.read import Document


def decode(data: bytes, name: str = "") -> tuple[str, str]:
    """Bytes → (text, encoding). UTF-8 first (strict), then GB18030, then charset-normalizer."""
    if not data.strip():
        raise UnreadableFile(f"文件为空：{name}。请检查导出的文件是否完整 (empty file).")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if b"\x00" in data[:4096]:
        raise UnreadableFile(f"不是文本文件（含二进制内容）：{name}。请提供 txt/html/pdf/docx 报告 (binary data).")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UnreadableFile(f"无法识别文件编码：{name}。请另存为 UTF-8 后重试 (unknown encoding).")
    return str(best), best.encoding


def read_text(path: Path) -> Document:
    text, encoding = decode(path.read_bytes(), path.name)
    return Document(text=text, source_format="txt", encoding=encoding)
