"""Shared pytest fixtures."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from odata_server import ODataServer

from gia_stats.export.images import DEFAULT_CHROMIUM, ImageRenderer


@pytest.fixture
def odata_server() -> Iterator[ODataServer]:
    """A local CBS OData v3 server with the fixture tables, on 127.0.0.1 and a free port."""
    with ODataServer() as server:
        yield server


@pytest.fixture(scope="session")
def image_renderer() -> Iterator[ImageRenderer]:
    """One kaleido browser session for every image test: starting Chromium costs seconds."""
    if not os.path.exists(DEFAULT_CHROMIUM):
        pytest.skip(f"{DEFAULT_CHROMIUM} ontbreekt: `make chromium` (PNG/SVG niet getest)")
    with ImageRenderer() as renderer:
        yield renderer
