"""Tables as Excel workbooks (openpyxl): right to left, numbers as numbers, text never a formula."""

import datetime
import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.jalali import format_jalali

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A spreadsheet reads a cell starting with one of these as a formula (CSV/formula injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    """A value safe to put in a cell: text that would start a formula gets a leading quote."""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_START) else value
    if isinstance(value, datetime.datetime | datetime.date):
        return format_jalali(value, persian=False)
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    return cell(str(value))


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
        ws = book.create_sheet(title=cell(str(sheet.title))[:31].replace("/", "-"))
        ws.sheet_view.rightToLeft = True
        if sheet.note:
            ws.append([cell(sheet.note)])
            ws.cell(row=1, column=1).font = Font(bold=True, size=12)
        ws.append([cell(str(h)) for h in sheet.headers])
        for c in ws[ws.max_row]:
            c.font = Font(bold=True)
        for row in sheet.rows:
            ws.append([cell(v) for v in row])
        for index, header in enumerate(sheet.headers, start=1):
            width = max([len(str(header))] + [len(str(r[index - 1])) for r in sheet.rows[:200] if len(r) >= index])
            ws.column_dimensions[get_column_letter(index)].width = min(60, max(10, width + 2))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
