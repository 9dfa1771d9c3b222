"""The tidy long tables of DESIGN.md: column names, pyarrow schemas and conformance."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

#: One row a published count (Veilig Thuis, population). ``breakdown``/``group`` carry the
#: table's extra dimensions (e.g. "Aard van het geweld" / "Kindermishandeling"); several
#: dimensions are joined with " | " in the table's own order; a table without them has ""
#: in both.
COUNT_SCHEMA = pa.schema(
    [
        ("dataset", pa.string()),  # catalog id, e.g. "vt_kerncijfers"
        ("measure", pa.string()),  # CBS Title, e.g. "Ontvangen meldingen"
        ("unit", pa.string()),  # "aantal", "%", "per 1 000 inwoners"
        ("breakdown", pa.string()),
        ("group", pa.string()),
        ("region_code", pa.string()),  # NL01, LD01, PV20, VT01, GM0014 (unpadded)
        ("region_name", pa.string()),
        ("region_level", pa.string()),  # NL, LD, PV, VT, GM
        ("period_code", pa.string()),  # CBS code, e.g. 2021HJ01
        ("period_label", pa.string()),  # "1e halfjaar 2021"
        ("period_type", pa.string()),  # jaar, halfjaar, kwartaal, maand
        ("period_start", pa.date32()),
        ("value", pa.float64()),  # missing when flag is set: never 0
        ("status", pa.string()),  # definitief, nader voorlopig, voorlopig, "" (not stated)
        ("flag", pa.string()),  # CBS symbol ".", "x", "-" or ""
        ("rounding", pa.int64()),  # published value is a multiple of this (CBS VT: 5)
        ("source", pa.string()),  # human-readable source, e.g. "CBS StatLine 84852NED"
        ("source_url", pa.string()),
        ("retrieved", pa.string()),  # ISO date the source was read
        ("vintage", pa.string()),  # which release: "cbs:2025-11-20", "eerste publicatie", ...
        ("note", pa.string()),
    ]
)

#: One row a published survey estimate of the Prevalentiemonitor (16+).
PREVALENCE_SCHEMA = pa.schema(
    [
        ("dataset", pa.string()),
        ("edition", pa.int64()),  # 2020, 2022, 2024
        ("indicator", pa.string()),
        ("breakdown", pa.string()),  # total, geslacht, leeftijd, ...
        ("group", pa.string()),  # 16+, vrouwen, 16-24 jaar, ...
        ("estimate", pa.float64()),  # percent (0-100); missing when not published
        ("precision", pa.string()),  # "1 decimal" or "integer" as CBS published it
        ("ci_low", pa.float64()),
        ("ci_high", pa.float64()),
        ("n_respondents", pa.float64()),
        ("count_as_published", pa.string()),  # e.g. "1,2 miljoen"
        ("cbs_statement", pa.string()),
        ("source", pa.string()),
        ("source_url", pa.string()),
        ("retrieved", pa.string()),
        ("vintage", pa.string()),
        ("note", pa.string()),
    ]
)

COUNT_COLUMNS: list[str] = COUNT_SCHEMA.names
PREVALENCE_COLUMNS: list[str] = PREVALENCE_SCHEMA.names


def empty_frame(schema: pa.Schema) -> pd.DataFrame:
    """Return an empty DataFrame with the columns and dtypes of ``schema``.

    Parameters
    ----------
    schema
        One of the schemas above.

    Returns
    -------
    pandas.DataFrame
        Zero rows, the schema's columns.
    """
    return _to_pandas(schema.empty_table())


def conform(frame: pd.DataFrame, schema: pa.Schema) -> pd.DataFrame:
    """Cast ``frame`` to ``schema`` (column order, types) through pyarrow.

    Parameters
    ----------
    frame
        A DataFrame holding at least the schema's columns.
    schema
        The target schema.

    Returns
    -------
    pandas.DataFrame
        The same rows with exactly the schema's columns; strings as Python ``str``,
        dates as ``datetime.date``, numbers as float64/Int64.

    Raises
    ------
    KeyError
        When a column of the schema is missing.
    pyarrow.ArrowInvalid
        When a value cannot be cast (the message names the value).
    """
    missing = [c for c in schema.names if c not in frame.columns]
    if missing:
        raise KeyError(f"missing columns: {', '.join(missing)}")
    table = pa.Table.from_pandas(frame[schema.names], schema=schema, preserve_index=False)
    return _to_pandas(table)


def _to_pandas(table: pa.Table) -> pd.DataFrame:
    # Int64 keeps integer columns nullable instead of silently turning them into floats.
    frame: pd.DataFrame = table.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)
    return frame
