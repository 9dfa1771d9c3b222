"""gia-stats: figures, trends and memo sentences on geweld in afhankelijkheidsrelaties."""

__version__ = "0.1.0"
