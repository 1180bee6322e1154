"""The API's request parsers (a module of their own: DRF's settings import them while views are being made)."""

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.parsers import JSONParser as DRFJSONParser


class JSONParser(DRFJSONParser):
    """DRF's JSON parser, with JSON nested past Python's recursion limit refused like any unreadable body
    (Python's decoder gives up with a RecursionError, which DRF lets through)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(_("The request's body is nested too deeply."), code="too-deep") from None
