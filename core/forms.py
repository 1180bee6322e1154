"""What the project's forms share: the empty choice of a list, a box for numbers. A leaf module: it imports
no app."""

from django import forms
from django.utils.translation import gettext_lazy as _

# A list's empty choice, in place of Django's "---------".
EMPTY_LABEL = _("— Choose —")
EMPTY_CHOICE = ("", EMPTY_LABEL)


class NumberInput(forms.TextInput):
    """A box for a number, in place of Django's ``type=number``: a browser refuses the Persian or Arabic
    digits a Persian keyboard types into that, so this is a text box that brings up the digits keyboard
    (``inputmode``) and reads left to right. The form field turns the digits into a number."""

    def __init__(self, attrs=None, inputmode="numeric"):
        super().__init__({"class": "form-control", "dir": "ltr", "inputmode": inputmode, **(attrs or {})})
