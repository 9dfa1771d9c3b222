"""Runtime settings read from the environment, with the defaults in one place."""

from __future__ import annotations

import os
from pathlib import Path

#: The repository root when installed editable (src/gia_stats/settings.py → ../../).
REPO_ROOT = Path(__file__).resolve().parents[2]

DEFAULT_CBS_URL = "https://opendata.cbs.nl"


def datasets_dir() -> Path:
    """Return the folder holding ``cbs/``, ``curated/``, ``cache/`` and ``geo/``.

    ``GIA_STATS_DATA_DIR`` overrides it, so tests can work on a copy.
    """
    return Path(os.environ.get("GIA_STATS_DATA_DIR", REPO_ROOT / "datasets")).resolve()


def cbs_dir() -> Path:
    """Return the folder with one raw CBS snapshot per table."""
    return datasets_dir() / "cbs"


def curated_dir() -> Path:
    """Return the folder with the curated CSVs and their ``.meta.json`` sidecars."""
    return datasets_dir() / "curated"


def cache_dir() -> Path:
    """Return the folder for the parquet cache (git-ignored, rebuilt on demand)."""
    return datasets_dir() / "cache"


def shared_data_dir() -> Path:
    """Return the reference data folder that ``gia-stats curate`` builds from."""
    return Path(
        os.environ.get("GIA_STATS_SHARED_DATA", REPO_ROOT.parent / "shared" / "data")
    ).resolve()


def cbs_base_url() -> str:
    """Return the CBS OData base URL (``GIA_STATS_CBS_URL``), without a trailing slash."""
    return os.environ.get("GIA_STATS_CBS_URL", DEFAULT_CBS_URL).rstrip("/")


#: Seconds before one HTTP request to CBS is abandoned.
REQUEST_TIMEOUT_S = float(os.environ.get("GIA_STATS_TIMEOUT", "30"))
#: Attempts per request before a refresh gives up (transient failures only).
REQUEST_ATTEMPTS = 4
