"""The openpyxl adapter: master workbooks and department copies as files.

Reading returned copies uses python-calamine, which only reads and is much
faster than openpyxl for that.
"""
