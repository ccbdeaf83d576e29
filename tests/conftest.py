"""Shared fixtures (the network builders themselves are in :mod:`tests.networks`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.networks import tiny_spec, write_network


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """The four-hour tiny network A (see tests/test_tiny.py)."""
    return write_network(tmp_path / "net", tiny_spec([1, 0, 1, 0]))
