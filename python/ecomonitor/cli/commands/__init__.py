"""Subcommands of ``ecomonitor``, in the order the help lists them."""

from ecomonitor.cli.commands import (
    addin,
    build,
    bulletin,
    consolidate,
    demo,
    export,
    import_table,
    new_period,
    new_year,
    offline,
    pdf,
    split,
    summary,
)

COMMANDS = [import_table, build, split, consolidate, summary, pdf, new_period, new_year, bulletin, export, addin,
            offline, demo]
