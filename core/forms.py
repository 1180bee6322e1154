"""What the project's forms share: a box for numbers. A leaf module: it imports no app."""

from django import forms


class NumberInput(forms.TextInput):
    """A box for a number, in place of Django's ``type=number``: a browser refuses the Persian or Arabic
    digits a Persian keyboard types into that, so this is a text box that brings up the digits keyboard
    (``inputmode``) and reads left to right. The form field turns the digits into a number."""

    def __init__(self, attrs=None, inputmode="numeric"):
        super().__init__({"class": "form-control", "dir": "ltr", "inputmode": inputmode, **(attrs or {})})
