"""What leaves the dashboard as CSV: the rows of the current view, with their provenance."""

from __future__ import annotations

from gia_stats.export import csv as csv_export
from gia_stats.loaders import store
from gia_stats.views import regios as rv


def test_map_csv_holds_the_shown_rows_with_provenance() -> None:
    tables = store.load()
    vt = tables["veilig_thuis"]
    option = next(o for o in rv.measure_options(vt, "PV") if o.key == "ontvangen-meldingen")
    view = rv.build(vt, tables["bevolking"], "PV", option, "2020JJ00")
    table = csv_export.export_frame(rv.export_rows(vt, view))
    for header in ("Waarde", "Eenheid", "Status", "Teken", "Bron", "Geraadpleegd"):
        assert header in table.columns
    # 84852NED: Groningen (PV) received 4 195 meldingen in 2020.
    groningen = table[table["Regiocode"] == "PV20"]
    assert set(groningen["Waarde"]) == {4195}
    assert set(table["Periodecode"]) == {"2020JJ00"}
    back = csv_export.read_csv(csv_export.to_csv(table, "excel-nl"), "excel-nl")
    assert list(back.columns) == list(table.columns)
    assert back.loc[back["Regiocode"] == "PV20", "Waarde"].tolist()[0] == 4195
