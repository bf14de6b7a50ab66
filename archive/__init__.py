"""Archived article pages into articles: text captures and saved HTML, read, parsed and stored."""
