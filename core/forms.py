"""What the project's forms share: the empty choice of a list, a box for numbers. A leaf module: it imports
no app."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

# What people put between a number's digits to group them: the Persian and Latin thousands separators, the
# Arabic comma, spaces (the narrow and non-breaking ones too).
_GROUPING = re.compile(r"[\u066c,\u060c\s\u00a0\u202f]")

# A list's empty choice, in place of Django's "---------".
EMPTY_LABEL = _("— Choose —")
EMPTY_CHOICE = ("", EMPTY_LABEL)


class NumberInput(forms.TextInput):
    """A box for a number, in place of Django's ``type=number``: a browser refuses the Persian or Arabic
    digits a Persian keyboard types into that, so this is a text box that brings up the digits keyboard
    (``inputmode``) and reads left to right. The form field turns the digits into a number."""

    def __init__(self, attrs=None, inputmode="numeric"):
        super().__init__({"class": "form-control", "dir": "ltr", "inputmode": inputmode, **(attrs or {})})
        self.whole = inputmode == "numeric"

    def value_from_datadict(self, data, files, name):
        """A whole number as typed with its digits grouped (۱۲٬۵۰۰٬۰۰۰, 12,500,000, 12 500 000), as the pages
        show amounts, without the grouping; a decimal box keeps what was typed."""
        value = super().value_from_datadict(data, files, name)
        if self.whole and isinstance(value, str):
            return _GROUPING.sub("", value)
        return value
