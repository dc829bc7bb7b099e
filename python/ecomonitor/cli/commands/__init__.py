"""Subcommands of ``ecomonitor``, in the order the help lists them."""

from ecomonitor.cli.commands import addin, build, consolidate, demo, import_table, split, summary

COMMANDS = [import_table, build, split, consolidate, summary, addin, demo]
