"""The few exceptions gongkai raises on purpose; the CLI and UI turn them into one-line messages."""

from __future__ import annotations


class GongkaiError(Exception):
    """Base class: `str(err)` is a user-facing sentence (Chinese, then what to do)."""


class UnreadableFile(GongkaiError):
    """The file cannot be read as text (binary garbage, encrypted or broken PDF, not a Word file)."""


class NotAReport(GongkaiError):
    """The text is readable but is not a 政府信息公开工作年度报告."""


class StoreError(GongkaiError):
    """The data directory or a store is unusable."""


class BadQuestion(GongkaiError):
    """The question is empty, too long, or has no words."""
