"""CBS loader end to end against the local OData server: refresh, faults, atomic swap, tidy."""

from __future__ import annotations

import errno
import hashlib
import json
import math
import threading
import time
from pathlib import Path
from typing import Any

import cbsodata
import filelock
import pandas as pd
import pytest
import requests
from odata_server import RECORD_LIMIT_MESSAGE, ODataServer, closed_port

from gia_stats import catalog
from gia_stats.loaders import cbs
from gia_stats.loaders import snapshot as snap
from gia_stats.schema import COUNT_COLUMNS

KERN = "84847NED"
VEILIG = "84852NED"
BETROKKEN = "85361NED"
FAST: dict[str, Any] = {"backoff": 0.01, "timeout": 5.0}


def _refresh(server: ODataServer, dest: Path, table: str = KERN, **kwargs: Any) -> snap.Manifest:
    options = {**FAST, **kwargs}
    return cbs.refresh(table, dest=dest, base_url=server.base_url, **options)


def _hashes(dest: Path) -> dict[str, str]:
    """sha256 of every file under ``dest`` (the lock file aside), by relative path."""
    return {
        str(p.relative_to(dest)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(dest.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }


def _leftovers(dest: Path) -> list[str]:
    return sorted(p.name for p in dest.iterdir() if p.name.startswith("."))


def _row(frame: pd.DataFrame, **where: str) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    rows = frame[mask]
    assert len(rows) == 1, f"{len(rows)} rows for {where}"
    return rows.iloc[0]


@pytest.fixture
def dest(tmp_path: Path) -> Path:
    return tmp_path / "cbs"


@pytest.fixture
def snapshot(odata_server: ODataServer, dest: Path) -> dict[str, str]:
    """A good 84847NED snapshot already in place; returns its file hashes."""
    _refresh(odata_server, dest)
    return _hashes(dest)


# -- end to end -------------------------------------------------------------------------------


def test_refresh_writes_one_json_per_endpoint_and_a_manifest(
    odata_server: ODataServer, dest: Path
) -> None:
    manifest = _refresh(odata_server, dest)
    folder = dest / KERN
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "CategoryGroups.json",
        "DataProperties.json",
        "Perioden.json",
        "RegioS.json",
        "TableInfos.json",
        "TypedDataSet.json",
        "manifest.json",
    ]
    # As cbsodata saves it: the endpoint's value list, keys still padded.
    typed = json.loads((folder / "TypedDataSet.json").read_text())
    assert typed == odata_server.tables[KERN]["TypedDataSet"]
    assert typed[0]["RegioS"] == "NL01    "
    assert manifest == snap.read_manifest(folder)
    assert manifest.table_id == KERN
    assert manifest.title == "Huiselijk geweld; kerncijfers Veilig Thuis, regio"
    assert manifest.modified == "2025-10-24T02:00:00"
    assert manifest.base_url == odata_server.base_url
    assert manifest.table_url == f"{odata_server.base_url}/ODataFeed/odata/{KERN}"
    assert manifest.rows["TypedDataSet.json"] == manifest.data_rows == 23
    assert manifest.rows["RegioS.json"] == 8
    assert manifest.retrieved_at.endswith("+00:00")
    for name, digest in manifest.sha256.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
    assert _leftovers(dest) == []
    assert snap.snapshot_status(dest) == [manifest]


def test_tidy_reads_the_published_values(odata_server: ODataServer, dest: Path) -> None:
    _refresh(odata_server, dest)
    frame = snap.tidy(dest / KERN, catalog.by_cbs_table(KERN))
    assert list(frame.columns) == COUNT_COLUMNS
    assert len(frame) == 2 * 23

    # 84852NED: national meldingen 2020 = 127.410 (the year as published, not summed).
    year = _row(frame, measure="Ontvangen meldingen", region_code="NL01", period_code="2020JJ00")
    assert year["value"] == 127410.0
    assert (year["period_label"], year["period_type"], year["status"]) == (
        "2020",
        "jaar",
        "definitief",
    )
    assert (year["region_name"], year["region_level"], year["flag"]) == ("Nederland", "NL", "")

    # Impactmonitor 2022: 2019-H1 gestarte adviezen = 53.145.
    half = _row(frame, measure="Gestarte adviezen", region_code="NL01", period_code="2019HJ01")
    assert half["value"] == 53145.0
    assert half["period_label"] == "1e halfjaar 2019"
    assert half["period_start"].isoformat() == "2019-01-01"
    assert _row(frame, measure="Ontvangen meldingen", period_code="2020HJ01", region_code="NL01")[
        "value"
    ] == pytest.approx(64505)

    # "2023*" with Status "Voorlopig".
    provisional = _row(
        frame, measure="Gestarte adviezen", region_code="NL01", period_code="2023JJ00"
    )
    assert (provisional["value"], provisional["status"]) == (143210.0, "voorlopig")

    # A null cell is missing with flag ".", never 0.
    missing = _row(frame, measure="Gestarte adviezen", region_code="NL01", period_code="2020JJ00")
    assert math.isnan(missing["value"])
    assert missing["flag"] == "."

    # Padded keys stripped; levels from the key, names without the "(LD)" suffix.
    north = _row(frame, measure="Ontvangen meldingen", region_code="LD01", period_code="2025HJ01")
    assert (north["region_name"], north["region_level"], north["value"]) == (
        "Noord-Nederland",
        "LD",
        5775.0,
    )
    assert set(frame["region_code"]) == {
        "NL01",
        "LD01",
        "LD02",
        "LD03",
        "LD04",
        "PV20",
        "PV22",
        "GM0080",
    }
    assert _row(frame, measure="Gestarte adviezen", region_code="GM0080")["region_level"] == "GM"

    # Provenance on every row.
    assert set(frame["dataset"]) == {"vt_kerncijfers"}
    assert set(frame["source"]) == {catalog.by_cbs_table(KERN).source}
    assert set(frame["source_url"]) == {f"{odata_server.base_url}/ODataFeed/odata/{KERN}"}
    assert set(frame["vintage"]) == {"CBS 2025-10-24"}
    assert set(frame["retrieved"]) == {snap.read_manifest(dest / KERN).retrieved_at[:10]}
    assert set(frame["rounding"]) == {5}
    assert set(frame["breakdown"]) == {""}
    assert set(frame["group"]) == {""}
    assert set(frame["unit"]) == {"aantal"}
    assert set(frame["note"]) == {""}


def test_tidy_without_dataset_finds_it_from_the_manifest(
    odata_server: ODataServer, dest: Path
) -> None:
    _refresh(odata_server, dest)
    assert snap.tidy(dest / KERN).equals(snap.tidy(dest / KERN, catalog.by_cbs_table(KERN)))


def test_paging_follows_next_links(odata_server: ODataServer, dest: Path) -> None:
    messages: list[str] = []
    _refresh(odata_server, dest, progress=messages.append)
    pages = odata_server.data_requests(KERN)
    assert len(pages) == 3  # 23 records, 10 a page
    assert pages[0].endswith("TypedDataSet?%24format=json")
    assert pages[1].endswith("$skip=10") and pages[2].endswith("$skip=20")
    assert len(json.loads((dest / KERN / "TypedDataSet.json").read_text())) == 23
    assert any(m.startswith("TypedDataSet: pagina 3 (") for m in messages)
    for endpoint in ("TableInfos", "DataProperties", "RegioS", "Perioden", "TypedDataSet"):
        assert f"{endpoint} ophalen" in messages
    # cbsodata downloads the typed set only.
    assert odata_server.data_requests(KERN, "UntypedDataSet") == []


def test_extra_dimensions_become_breakdown_and_group(odata_server: ODataServer, dest: Path) -> None:
    _refresh(odata_server, dest, table=VEILIG)
    frame = snap.tidy(dest / VEILIG)
    assert set(frame["breakdown"]) == {"Veiligheidstaxatie | Veiligheidsbeoordeling"}
    total = _row(frame, group="Totaal | Totaal", region_code="NL01", period_code="2020JJ00")
    assert total["value"] == 127410.0
    # 84852NED Gelderland 2023: Noord- en Oost-Gelderland, "Nog niet beoordeeld" is ".".
    secret = _row(frame, group="Totaal | Nog niet beoordeeld", region_code="VT14")
    assert math.isnan(secret["value"]) and secret["flag"] == "."
    assert (secret["region_name"], secret["region_level"], secret["status"]) == (
        "Noord- en Oost-Gelderland",
        "VT",
        "voorlopig",
    )
    acute = _row(frame, group="Acute onveiligheid | Totaal", region_code="PV25")
    assert (acute["value"], acute["region_name"]) == (240.0, "Gelderland")
    assert frame["value"].notna().sum() == 61


def test_topics_in_topic_groups_are_named_by_their_path(
    odata_server: ODataServer, dest: Path
) -> None:
    _refresh(odata_server, dest, table=BETROKKEN)
    frame = snap.tidy(dest / BETROKKEN)
    nl = frame[frame["region_code"] == "NL01"].set_index("measure")
    # The catalog's measure, found by its TopicGroup path although "Ontvangen meldingen,
    # totaal" is also a Title in the "(relatief)" group.
    assert nl.loc["Ontvangen meldingen: Ontvangen meldingen, totaal", "value"] == 127340.0
    assert nl.loc["Ontvangen meldingen: Hermelding: één betrokkene al bekend bij VT", "value"] == (
        5475.0
    )
    share = nl.loc["Ontvangen meldingen (relatief): Hermelding: totaal"]
    assert (share["value"], share["unit"], share["rounding"]) == (38.1, "%", 1)
    assert nl.loc["Ontvangen meldingen: Hermelding: totaal", "rounding"] == 5
    amsterdam = _row(
        frame, region_code="GM0363", measure="Ontvangen meldingen: Ontvangen meldingen, totaal"
    )
    assert (amsterdam["value"], amsterdam["region_level"]) == (8975.0, "GM")
    assert len(frame) == 2 * 20


def test_a_second_refresh_replaces_the_snapshot(
    odata_server: ODataServer, dest: Path, snapshot: dict[str, str]
) -> None:
    odata_server.tables[KERN]["TableInfos"][0]["Modified"] = "2026-04-30T02:00:00"
    manifest = _refresh(odata_server, dest)
    assert manifest.modified == "2026-04-30T02:00:00"
    assert _hashes(dest) != snapshot
    assert set(snap.tidy(dest / KERN)["vintage"]) == {"CBS 2026-04-30"}
    assert _leftovers(dest) == []


def test_base_url_comes_from_the_environment(
    odata_server: ODataServer, dest: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIA_STATS_CBS_URL", odata_server.base_url + "/")
    manifest = cbs.refresh(KERN, dest=dest, backoff=0.01)
    assert manifest.base_url == odata_server.base_url


def test_cbsodata_options_are_restored(odata_server: ODataServer, dest: Path) -> None:
    before = (cbsodata.options.use_https, cbsodata.options.catalog_url)
    _refresh(odata_server, dest)
    assert (cbsodata.options.use_https, cbsodata.options.catalog_url) == before
    with pytest.raises(cbs.RefreshError):
        cbs.refresh(KERN, dest=dest, base_url=f"http://127.0.0.1:{closed_port()}", **FAST)
    assert (cbsodata.options.use_https, cbsodata.options.catalog_url) == before


@pytest.mark.parametrize(
    ("base", "catalog_url", "https"),
    [
        ("https://opendata.cbs.nl", "opendata.cbs.nl", True),
        ("http://127.0.0.1:8765", "127.0.0.1:8765", False),
        ("https://mirror.example.org/cbs/", "mirror.example.org/cbs", True),
    ],
)
def test_base_url_maps_onto_cbsodata(base: str, catalog_url: str, https: bool) -> None:
    location = cbs._location(KERN, base.rstrip("/"))
    assert (location.catalog_url, location.use_https) == (catalog_url, https)
    assert location.table_url.endswith(f"{catalog_url}/ODataFeed/odata/{KERN}")


@pytest.mark.parametrize("base", ["opendata.cbs.nl", "ftp://opendata.cbs.nl", "https://x/?a=1"])
def test_a_bad_base_url_is_refused(base: str, dest: Path) -> None:
    with pytest.raises(cbs.RefreshError, match="basis-URL"):
        cbs.refresh(KERN, dest=dest, base_url=base)


def test_an_unknown_table_is_refused(dest: Path) -> None:
    with pytest.raises(cbs.RefreshError, match="99999NED"):
        cbs.refresh("99999NED", dest=dest, base_url="http://127.0.0.1:1")


# -- transient failures are retried -------------------------------------------------------------


def test_http_500_once_is_retried(odata_server: ODataServer, dest: Path) -> None:
    fault = odata_server.add_fault("status", "TypedDataSet", page=10)
    messages: list[str] = []
    manifest = _refresh(odata_server, dest, progress=messages.append)
    assert fault.hits == 1
    assert manifest.data_rows == 23
    assert any("HTTP 500" in m and "nieuwe poging 2/" in m for m in messages)


def test_dropped_connection_and_truncated_body_once_are_retried(
    odata_server: ODataServer, dest: Path
) -> None:
    reset = odata_server.add_fault("reset", "RegioS")
    cut = odata_server.add_fault("truncate", "Perioden")
    _refresh(odata_server, dest)
    assert (reset.hits, cut.hits) == (1, 1)
    assert len(snap.tidy(dest / KERN)) == 46


# -- failures leave the previous snapshot byte-for-byte intact -----------------------------------


def test_always_500_fails_and_keeps_the_previous_snapshot(
    odata_server: ODataServer, dest: Path, snapshot: dict[str, str]
) -> None:
    fault = odata_server.add_fault("status", "TypedDataSet", times=-1)
    with pytest.raises(cbs.RefreshError) as info:
        _refresh(odata_server, dest, attempts=3)
    message = str(info.value)
    assert KERN in message and "HTTP 500" in message and "na 3 pogingen" in message
    assert f"{odata_server.base_url}/ODataFeed/odata/{KERN}/TypedDataSet" in message
    assert fault.hits == 3
    assert _hashes(dest) == snapshot
    assert _leftovers(dest) == []


def test_connection_refused_fails_and_keeps_the_previous_snapshot(
    dest: Path, snapshot: dict[str, str]
) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    with pytest.raises(cbs.RefreshError, match="verbinding geweigerd") as info:
        cbs.refresh(KERN, dest=dest, base_url=url, attempts=2, backoff=0.01)
    assert url in str(info.value) and KERN in str(info.value)
    assert _hashes(dest) == snapshot
    assert _leftovers(dest) == []


def test_a_hanging_server_times_out(
    odata_server: ODataServer, dest: Path, snapshot: dict[str, str]
) -> None:
    odata_server.add_fault("hang", "DataProperties", times=-1, seconds=10)
    started = time.monotonic()
    with pytest.raises(cbs.RefreshError, match="time-out"):
        _refresh(odata_server, dest, timeout=0.2, attempts=2)
    assert time.monotonic() - started < 3
    assert _hashes(dest) == snapshot


def test_truncated_json_is_refused(
    odata_server: ODataServer, dest: Path, snapshot: dict[str, str]
) -> None:
    odata_server.add_fault("truncate", "TypedDataSet", times=-1)
    with pytest.raises(cbs.RefreshError, match="JSON"):
        _refresh(odata_server, dest, attempts=2)
    assert _hashes(dest) == snapshot
    assert _leftovers(dest) == []


def test_the_record_limit_error_is_not_retried(
    odata_server: ODataServer, dest: Path, snapshot: dict[str, str]
) -> None:
    fault = odata_server.add_fault("record_limit", "TypedDataSet", times=-1)
    with pytest.raises(cbs.RefreshError, match=r"10\.000") as info:
        _refresh(odata_server, dest)
    assert "10000" in str(info.value)
    assert fault.hits == 1
    assert _hashes(dest) == snapshot


def test_http_404_is_not_retried(
    odata_server: ODataServer, dest: Path, snapshot: dict[str, str]
) -> None:
    fault = odata_server.add_fault("status", "RegioS", times=-1, status=404)
    with pytest.raises(cbs.RefreshError, match="RegioS ophalen mislukt: HTTP 404"):
        _refresh(odata_server, dest)
    assert fault.hits == 1
    assert _hashes(dest) == snapshot


def test_a_missing_dimension_endpoint_is_refused(
    odata_server: ODataServer, dest: Path, snapshot: dict[str, str]
) -> None:
    odata_server.add_fault("drop", "Perioden")
    with pytest.raises(cbs.RefreshError, match="Perioden"):
        _refresh(odata_server, dest)
    assert _hashes(dest) == snapshot
    assert _leftovers(dest) == []


def test_a_missing_data_set_is_refused(odata_server: ODataServer, dest: Path) -> None:
    odata_server.add_fault("drop", "TypedDataSet")
    with pytest.raises(cbs.RefreshError, match="geen TypedDataSet"):
        _refresh(odata_server, dest)
    assert not (dest / KERN).exists()


def test_an_empty_data_set_is_refused(
    odata_server: ODataServer, dest: Path, snapshot: dict[str, str]
) -> None:
    odata_server.tables[KERN]["TypedDataSet"] = []
    with pytest.raises(cbs.RefreshError, match="TypedDataSet is leeg"):
        _refresh(odata_server, dest)
    assert _hashes(dest) == snapshot


def test_a_renamed_measure_is_refused_and_named(
    odata_server: ODataServer, dest: Path, snapshot: dict[str, str]
) -> None:
    odata_server.rename_topic(KERN, "Ontvangen meldingen", "Ontvangen meldingen (aantal)")
    with pytest.raises(cbs.RefreshError) as info:
        _refresh(odata_server, dest)
    message = str(info.value)
    assert "maat 'Ontvangen meldingen' ontbreekt" in message
    assert (
        "Key OntvangenMeldingen_2: 'Ontvangen meldingen' heet nu 'Ontvangen meldingen (aantal)'"
        in (message)
    )
    assert _hashes(dest) == snapshot


def test_a_dropped_measure_is_refused_without_a_previous_snapshot(
    odata_server: ODataServer, dest: Path
) -> None:
    properties = odata_server.tables[KERN]["DataProperties"]
    odata_server.tables[KERN]["DataProperties"] = [
        p for p in properties if p["Title"] != "Gestarte adviezen"
    ]
    with pytest.raises(cbs.RefreshError, match="maat 'Gestarte adviezen' ontbreekt"):
        _refresh(odata_server, dest)
    assert not (dest / KERN).exists()


def test_a_renamed_dimension_is_refused(odata_server: ODataServer, dest: Path) -> None:
    for prop in odata_server.tables[VEILIG]["DataProperties"]:
        if prop["Key"] == "Veiligheidstaxatie":
            prop["Title"] = "Taxatie van de veiligheid"
    with pytest.raises(cbs.RefreshError, match="dimensie 'Veiligheidstaxatie' ontbreekt"):
        _refresh(odata_server, dest, table=VEILIG)


def test_an_unparseable_period_key_is_refused_and_named(
    odata_server: ODataServer, dest: Path, snapshot: dict[str, str]
) -> None:
    table = odata_server.tables[KERN]
    table["Perioden"].append({"Key": "2024X1", "Title": "2024?", "Status": "Voorlopig"})
    table["TypedDataSet"].append(
        {**table["TypedDataSet"][0], "ID": 99, "Perioden": "2024X1"},
    )
    with pytest.raises(cbs.RefreshError, match=r"Perioden\.json: Perioden = '2024X1'"):
        _refresh(odata_server, dest)
    assert _hashes(dest) == snapshot


def test_a_data_key_missing_from_its_dimension_is_refused(
    odata_server: ODataServer, dest: Path
) -> None:
    table = odata_server.tables[KERN]
    table["TypedDataSet"].append({**table["TypedDataSet"][0], "ID": 99, "RegioS": "PV31    "})
    with pytest.raises(cbs.RefreshError, match=r"RegioS = 'PV31    ' staat niet in RegioS\.json"):
        _refresh(odata_server, dest)


def test_a_new_region_key_is_accepted(odata_server: ODataServer, dest: Path) -> None:
    # 84849NED (Kenmerken Totaal), Drenthe (VT) 2023*: 2.960 adviezen, 1.905 meldingen
    # (https://www.cbs.nl/nl-nl/cijfers/detail/84849NED); the VT02 key is assumed.
    odata_server.add_region(
        KERN,
        "VT02",
        "Drenthe (VT)",
        "2023JJ00",
        {"GestarteAdviezen_1": 2960, "OntvangenMeldingen_2": 1905},
    )
    _refresh(odata_server, dest)
    frame = snap.tidy(dest / KERN)
    drenthe = _row(frame, region_code="VT02", measure="Gestarte adviezen")
    assert (drenthe["region_name"], drenthe["region_level"], drenthe["value"]) == (
        "Drenthe",
        "VT",
        2960.0,
    )
    assert (drenthe["period_code"], drenthe["status"]) == ("2023JJ00", "voorlopig")


def test_an_undocumented_vt_key_is_mapped_by_name(odata_server: ODataServer, dest: Path) -> None:
    # Same published Drenthe (VT) 2023* figures as above; "VR02" stands for a CBS key that is
    # not a Gebiedsindelingen code: the region is placed by its name, so it merges and maps.
    odata_server.add_region(KERN, "VR02", "Drenthe (VT)", "2023JJ00", {"GestarteAdviezen_1": 2960})
    odata_server.add_region(KERN, "VR99", "Nieuwland (VT)", "2023JJ00", {"GestarteAdviezen_1": 5})
    _refresh(odata_server, dest)
    frame = snap.tidy(dest / KERN)
    assert _row(frame, region_code="VT02", measure="Gestarte adviezen")["value"] == 2960.0
    # An unknown name keeps CBS's own key rather than being dropped.
    assert _row(frame, region_code="VR99", measure="Gestarte adviezen")["region_level"] == "VT"


def test_status_falls_back_to_the_title_mark(odata_server: ODataServer, dest: Path) -> None:
    for period in odata_server.tables[KERN]["Perioden"]:
        if period["Key"] == "2025HJ01":
            period["Status"] = None  # "2025 1e halfjaar*"
        if period["Key"] == "2023JJ00":
            period["Status"], period["Title"] = "", "2023**"
    _refresh(odata_server, dest)
    frame = snap.tidy(dest / KERN)
    assert set(frame.loc[frame["period_code"] == "2025HJ01", "status"]) == {"voorlopig"}
    assert set(frame.loc[frame["period_code"] == "2023JJ00", "status"]) == {"nader voorlopig"}


def test_an_unwritable_target_fails_cleanly(
    odata_server: ODataServer, dest: Path, snapshot: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("json.dump", disk_full)
    with pytest.raises(cbs.RefreshError, match="No space left on device"):
        _refresh(odata_server, dest)
    monkeypatch.undo()
    assert _hashes(dest) == snapshot
    assert _leftovers(dest) == []


def test_a_target_that_is_a_file_fails_cleanly(tmp_path: Path) -> None:
    target = tmp_path / "cbs"
    target.write_text("geen map")
    with pytest.raises(cbs.RefreshError, match="niet schrijfbaar"):
        cbs.refresh(KERN, dest=target, base_url="http://127.0.0.1:1")


def test_an_unexpected_error_becomes_a_refresh_error(
    odata_server: ODataServer, dest: Path, snapshot: dict[str, str]
) -> None:
    def broken(message: str) -> None:
        if message.startswith("controleren"):
            raise ValueError("kapotte voortgangsmelding")

    with pytest.raises(cbs.RefreshError, match=r"onverwachte fout .*kapotte voortgangsmelding"):
        _refresh(odata_server, dest, progress=broken)
    assert _hashes(dest) == snapshot
    assert _leftovers(dest) == []


def test_dest_defaults_to_the_data_dir(
    odata_server: ODataServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIA_STATS_DATA_DIR", str(tmp_path / "datasets"))
    cbs.refresh(KERN, base_url=odata_server.base_url, backoff=0.01)
    assert snap.snapshot_status()[0].table_id == KERN
    assert (tmp_path / "datasets" / "cbs" / KERN / "manifest.json").is_file()


def test_an_interrupted_swap_is_recovered(
    odata_server: ODataServer, dest: Path, snapshot: dict[str, str]
) -> None:
    # A refresh killed between "old → backup" and "new → final", plus a stale temp folder.
    (dest / KERN).rename(dest / f".{KERN}.old-123-456")
    (dest / f".{KERN}.tmp-stale").mkdir()
    odata_server.add_fault("status", "*", times=-1)
    with pytest.raises(cbs.RefreshError):
        _refresh(odata_server, dest, attempts=1)
    assert _hashes(dest) == snapshot
    assert _leftovers(dest) == []


# -- two refreshes at once ----------------------------------------------------------------------


def test_a_held_lock_refuses_a_second_refresh(
    odata_server: ODataServer, dest: Path, snapshot: dict[str, str]
) -> None:
    before = len(odata_server.requests)
    with (
        filelock.FileLock(dest / f"{KERN}.lock"),
        pytest.raises(cbs.RefreshError, match="er loopt al een verversing"),
    ):
        _refresh(odata_server, dest)
    assert len(odata_server.requests) == before  # refused before asking CBS anything
    assert _hashes(dest) == snapshot


def test_a_second_refresh_can_wait_for_the_lock(odata_server: ODataServer, dest: Path) -> None:
    dest.mkdir(parents=True)
    held = threading.Event()

    def hold() -> None:
        with filelock.FileLock(dest / f"{KERN}.lock"):
            held.set()
            time.sleep(0.2)

    holder = threading.Thread(target=hold)
    holder.start()
    assert held.wait(5)
    manifest = _refresh(odata_server, dest, lock_timeout=5)
    holder.join()
    assert manifest.data_rows == 23


def test_concurrent_refreshes_never_mix_snapshots(odata_server: ODataServer, dest: Path) -> None:
    odata_server.delay = 0.03  # ~10 requests: the first refresh is in flight for ~0.3 s
    results: dict[str, Any] = {}

    def first() -> None:
        results["first"] = _refresh(odata_server, dest)

    thread = threading.Thread(target=first)
    thread.start()
    deadline = time.monotonic() + 5
    while not odata_server.requests and time.monotonic() < deadline:
        time.sleep(0.005)
    with pytest.raises(cbs.RefreshError, match="er loopt al een verversing"):
        _refresh(odata_server, dest)
    thread.join(timeout=10)
    manifest = results["first"]
    assert snap.read_manifest(dest / KERN) == manifest
    for name, digest in manifest.sha256.items():
        assert hashlib.sha256((dest / KERN / name).read_bytes()).hexdigest() == digest
    assert _leftovers(dest) == []


# -- manifests and the test server itself -------------------------------------------------------


def test_snapshot_status_lists_every_table(odata_server: ODataServer, dest: Path) -> None:
    assert snap.snapshot_status(dest) == []
    for table in (VEILIG, KERN):
        _refresh(odata_server, dest, table=table)
    (dest / "leeg").mkdir()
    assert [m.table_id for m in snap.snapshot_status(dest)] == [KERN, VEILIG]


def test_a_broken_manifest_is_named(odata_server: ODataServer, dest: Path) -> None:
    _refresh(odata_server, dest)
    (dest / KERN / "manifest.json").write_text("{")
    with pytest.raises(snap.SnapshotError, match="manifest"):
        snap.read_manifest(dest / KERN)
    with pytest.raises(snap.SnapshotError):
        snap.tidy(dest / KERN)


def test_progress_is_relayed_without_leaking_log_lines(
    odata_server: ODataServer, dest: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    messages: list[str] = []
    _refresh(odata_server, dest, progress=messages.append)
    assert messages[0].startswith("servicedocument ophalen: ")
    assert messages[-1] == f"momentopname vervangen: {dest / KERN}"
    assert "Download" not in capfd.readouterr().err


def test_server_odata_api_refuses_more_than_its_record_limit() -> None:
    with ODataServer(api_record_limit=5) as server:
        url = f"{server.base_url}/ODataApi/odata/{KERN}/TypedDataSet"
        refused = requests.get(url, params={"$format": "json"}, timeout=5)
        assert refused.status_code == 500
        assert refused.json()["odata.error"]["message"]["value"] == RECORD_LIMIT_MESSAGE
        page = requests.get(url, params={"$format": "json", "$top": "5"}, timeout=5).json()
        assert len(page["value"]) == 5 and "odata.nextLink" not in page
        service = requests.get(url[: -len("TypedDataSet")], params={"$format": "json"}, timeout=5)
        names = [e["name"] for e in service.json()["value"]]
        assert names[:3] == ["TableInfos", "UntypedDataSet", "TypedDataSet"]
        untyped = requests.get(
            f"{server.base_url}/ODataFeed/odata/{KERN}/UntypedDataSet",
            params={"$format": "json"},
            timeout=5,
        ).json()
        assert untyped["value"][7]["GestarteAdviezen_1"] == "."
