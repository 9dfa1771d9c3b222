"""Pure metrics on the tidy tables: changes, rates, significance, Dutch formatting, sentences."""
