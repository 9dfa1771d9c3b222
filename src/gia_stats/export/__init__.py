"""Figures leaving the dashboard: CSV (standard, Excel-NL), PNG/SVG/HTML charts, briefing pack."""
