"""Pure view models for the pages: select and shape tidy rows for display (no streamlit)."""
