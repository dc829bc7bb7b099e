"""Subcommands of ``ecomonitor``, in the order the help lists them."""

from ecomonitor.cli.commands import addin, build, consolidate, demo, import_table, offline, pdf, split, summary

COMMANDS = [import_table, build, split, consolidate, summary, pdf, addin, offline, demo]
