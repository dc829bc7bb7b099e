"""The platform's model and rules, on plain Python and pandas objects.

Nothing in this package imports openpyxl or xlwings: the adapters in
``ecomonitor.xlsx`` and ``ecomonitor.live`` translate workbooks to and from
these objects.
"""
