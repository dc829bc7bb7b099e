"""Monitoring platform of the Xiangxi ecological civilization model prefecture.

The package is split by concern: ``core`` holds the framework model and the
rules (no workbook library is imported there), ``tables`` reads the office's
monitoring table, ``xlsx`` reads and writes workbook files with openpyxl, and
``cli`` is the ``ecomonitor`` command.
"""

__version__ = "0.1.0"
