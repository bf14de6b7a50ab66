"""Text captures of archived article pages: reading, parsing, storing and writing them back."""
