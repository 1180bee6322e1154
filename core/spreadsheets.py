"""Spreadsheet cells that stay data: nothing a person typed ever becomes a formula.

A name such as ``=HYPERLINK(...)`` or ``+1+cmd|...`` would run as a formula when the export
is opened (CSV/formula injection). Every Excel or CSV writer in Pishkhan goes through here:
``append_row`` writes text as a literal string cell with Excel's quote prefix, and
``csv_safe`` puts an apostrophe before a leading =, +, -, @, tab or carriage return.
"""

from openpyxl.cell.cell import TYPE_STRING

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def append_row(sheet, values):
    """``sheet.append(values)``, with every text value a literal string (never a formula)."""
    sheet.append(["" if value is None else value for value in values])
    row = sheet.max_row
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            cell = sheet.cell(row=row, column=column)
            cell.value = value
            cell.data_type = TYPE_STRING
            if value.startswith(FORMULA_STARTS):
                cell.quotePrefix = True
    return row


def csv_safe(value):
    """A CSV cell that a spreadsheet program reads as text, not as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(values):
    return [csv_safe(value) for value in values]
