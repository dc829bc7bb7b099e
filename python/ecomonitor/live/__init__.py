"""The Python behind the ribbon's buttons: the xlwings adapter.

EcoRibbon.bas calls these functions through RunPython; each finds its
workbook with ``xlwings.Book.caller()``, or takes one from a test.
"""

from ecomonitor.live.buttons import (
    compute_rates,
    consolidate_returns,
    export_pdf,
    new_period,
    show_help,
    split_copies,
    validate,
    write_summary,
)

__all__ = [
    "compute_rates",
    "consolidate_returns",
    "export_pdf",
    "new_period",
    "show_help",
    "split_copies",
    "validate",
    "write_summary",
]
