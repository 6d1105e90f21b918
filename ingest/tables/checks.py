"""Consistency checks (勾稽关系) of the tables, and prose that contradicts them."""

from __future__ import annotations

from collections.abc import Sequence

from ingest.records import Cell, Fact, Finding


def check_tables(cells: Sequence[Cell], format_version: str) -> list[Finding]:
    raise NotImplementedError


def check_prose(cells: Sequence[Cell], facts: Sequence[Fact]) -> list[Finding]:
    raise NotImplementedError
