"""Fixtures of the ui tests: the fake backend over two fictional reports."""

from __future__ import annotations

import pytest
from ui_fakes import FakeBackend


@pytest.fixture
def fake_backend() -> FakeBackend:
    return FakeBackend()
