"""Loaders: CBS snapshots and curated files in, tidy tables out (I/O only)."""
