"""Shared pytest fixtures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from odata_server import ODataServer


@pytest.fixture
def odata_server() -> Iterator[ODataServer]:
    """A local CBS OData v3 server with the fixture tables, on 127.0.0.1 and a free port."""
    with ODataServer() as server:
        yield server
