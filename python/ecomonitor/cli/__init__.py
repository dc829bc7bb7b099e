"""The ``ecomonitor`` command: one module per subcommand under ``commands``."""
