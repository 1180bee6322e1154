"""Builders for the inspections tests: files waiting for a visit, trained and untrained inspectors."""

import datetime
import io
import struct
import zlib

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from accounts.models import Role
from cases import calendar, deadlines
from offices.models import Attendance, Membership
from tests.cases.factories import move, register

REPORT = {
    "visited_on": "1403/07/15",
    "visited_at_time": "09:30",
    "present": "مالک و همسایه",
    "land_area": "۲۲۰",
    "built_area": "310.5",
    "floors": "2",
    "usage": "residential",
    "building_state": "finished",
    "deed_differences": "",
    "findings": "ساختمان مسکونی دو طبقه با نمای آجری؛ عقب‌نشینی اجرا نشده است.",
}


def png(size=(64, 48), color=(30, 120, 200)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def png_with_damaged_pixels():
    """A PNG whose chunks are all well formed (their sums match) but whose pixel data does not decode.

    WeasyPrint is loaded first, as in a running server: it makes Pillow decode such data without complaint."""
    import weasyprint  # noqa: F401

    data = png()
    at = data.index(b"IDAT")
    length = struct.unpack(">I", data[at - 4 : at])[0]
    pixels = bytearray(data[at + 4 : at + 4 + length])
    pixels[len(pixels) // 2] ^= 0xFF
    crc = struct.pack(">I", zlib.crc32(b"IDAT" + bytes(pixels)))
    return data[: at + 4] + bytes(pixels) + crc + data[at + 8 + length :]


def photo(name="site.png", content=None):
    return SimpleUploadedFile(name, content if content is not None else png(), content_type="image/png")


def file_awaiting_visit(officer):
    """A notary inquiry ``officer`` registered, with its documents, accepted: it waits for an inspector."""
    return move(register(officer), "awaiting_visit", officer=officer)


def district_inspectors(district_number=1):
    ids = Membership.objects.current().filter(role=Role.INSPECTOR, district__number=district_number)
    return list(get_user_model().objects.filter(pk__in=ids.values("user_id")).order_by("pk"))


def untrain(inspector):
    Attendance.objects.filter(user=inspector).delete()


def next_working_day(after=None):
    day = (after or timezone.localdate()) + datetime.timedelta(days=1)
    holidays = calendar.holiday_set()
    while not deadlines.is_working_day(day, holidays):
        day += datetime.timedelta(days=1)
    return day
