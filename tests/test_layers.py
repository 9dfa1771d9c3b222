"""Architecture guard: imports run one way (loaders → metrics → charts/export → ui/pages)."""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "gia_stats"

# Which gia_stats modules each layer may import. Lower layers never import higher ones.
FOUNDATION = {
    "gia_stats",
    "gia_stats.settings",
    "gia_stats.schema",
    "gia_stats.periods",
    "gia_stats.regions",
    "gia_stats.catalog",
}
LOADERS = FOUNDATION | {
    "gia_stats.loaders",
    "gia_stats.loaders.cbs",
    "gia_stats.loaders.snapshot",
    "gia_stats.loaders.curated",
    "gia_stats.loaders.validate",
    "gia_stats.loaders.store",
}
METRICS = (
    FOUNDATION
    | {m for m in (f"gia_stats.metrics.{p.stem}" for p in (SRC / "metrics").glob("*.py"))}
    | {"gia_stats.metrics"}
)
CHARTS = (
    FOUNDATION
    | METRICS
    | {"gia_stats.charts"}
    | {f"gia_stats.charts.{p.stem}" for p in (SRC / "charts").glob("*.py")}
)
VIEWS = (
    CHARTS
    | {"gia_stats.views"}
    | {f"gia_stats.views.{p.stem}" for p in (SRC / "views").glob("*.py")}
)
# Export takes DataFrames and figures: it may build charts and sentences, never load data.
EXPORT = (
    CHARTS
    | {"gia_stats.export"}
    | {f"gia_stats.export.{p.stem}" for p in (SRC / "export").glob("*.py")}
)
ALLOWED = {
    "loaders": LOADERS,
    "metrics": METRICS,
    "charts": CHARTS,
    "views": VIEWS,
    "export": EXPORT,
}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def _layer_files(layer: str) -> list[Path]:
    return sorted((SRC / layer).glob("*.py"))


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports_only_downwards(layer: str) -> None:
    files = _layer_files(layer)
    if layer == "views" and not files:
        pytest.skip("no views modules yet")
    assert files, f"no modules in {layer}"
    for path in files:
        ours = {n for n in _imports(path) if n.startswith("gia_stats")}
        # `from gia_stats.loaders import cbs` yields both the package and the module name.
        bad = {
            n
            for n in ours
            if n not in ALLOWED[layer] and n.rsplit(".", 1)[0] not in ALLOWED[layer] - {"gia_stats"}
        }
        assert not bad, f"{path.relative_to(SRC)} imports {sorted(bad)} (layer {layer})"


def test_only_the_ui_module_imports_streamlit() -> None:
    offenders = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if p.name != "ui.py" and any(n.split(".")[0] == "streamlit" for n in _imports(p))
    ]
    assert offenders == []


def test_metrics_never_read_files() -> None:
    for path in _layer_files("metrics"):
        text = path.read_text("utf-8")
        for word in ("read_csv", "read_parquet", "open(", "cbsodata", "Path("):
            assert word not in text, f"{path.name} does I/O ({word})"
