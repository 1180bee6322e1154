"""Tables as Excel workbooks (openpyxl): right to left, numbers as numbers, text never a formula."""

import datetime
import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.jalali import format_jalali
from core.spreadsheets import append_row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cell(value):
    """A value as a cell holds it: numbers stay numbers, dates are Jalali text, the rest is text
    (``core.spreadsheets.append_row`` keeps text that looks like a formula a literal string)."""
    if isinstance(value, datetime.datetime | datetime.date):
        return format_jalali(value, persian=False)
    if value is None:
        return ""
    if isinstance(value, str | bool | int | float):
        return value
    return str(value)


class Sheet:
    def __init__(self, title, headers, rows, *, note=""):
        self.title = title
        self.headers = headers
        self.rows = rows
        self.note = note


def workbook(sheets):
    """The bytes of an .xlsx file with one worksheet per ``Sheet``."""
    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        title = str(sheet.title).lstrip("=+-@\t\r")[:31]
        ws = book.create_sheet(title=title.translate(str.maketrans("/\\?*[]:", "-------")) or "-")
        ws.sheet_view.rightToLeft = True
        if sheet.note:
            append_row(ws, [cell(sheet.note)])
            ws.cell(row=1, column=1).font = Font(bold=True, size=12)
        append_row(ws, [str(h) for h in sheet.headers])
        for c in ws[ws.max_row]:
            c.font = Font(bold=True)
        for row in sheet.rows:
            append_row(ws, [cell(v) for v in row])
        for index, header in enumerate(sheet.headers, start=1):
            width = max([len(str(header))] + [len(str(r[index - 1])) for r in sheet.rows[:200] if len(r) >= index])
            ws.column_dimensions[get_column_letter(index)].width = min(60, max(10, width + 2))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
