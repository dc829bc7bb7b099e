"""Subcommands of ``ecomonitor``, in the order the help lists them."""

from ecomonitor.cli.commands import (
    addin,
    bench,
    build,
    bulletin,
    compute,
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
    validate,
)

COMMANDS = [import_table, build, split, consolidate, compute, validate, summary, pdf, new_period, new_year,
            bulletin, export, addin, offline, demo, bench]
