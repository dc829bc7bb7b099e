"""Reading the office's monitoring table: the text export and the Word file."""

from ecomonitor.tables.reader import read_table

__all__ = ["read_table"]
