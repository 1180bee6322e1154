"""A name from a closed vocabulary (a state, a role) stored as a small integer (leaf: imports no app).

The history repeats a from-state, a to-state and the actor's role in every row of the largest
table: as text they took some forty bytes a row, as codes six. Code, templates and the API keep
seeing the names; only the column changes. The codes are stored data: a name, once given a code,
keeps it, and a new name takes a new code (the field's ``codes`` are in its migrations, so a
change to them shows as one).
"""

from django.db import models


class CodeField(models.SmallIntegerField):
    """A name in Python, its code (``codes[name]``) in the database. Writing or looking up a name that
    has no code is a programming error (``ValueError``), never a silent NULL."""

    def __init__(self, *args, codes, **kwargs):
        self.codes = dict(codes)
        self.names = {code: name for name, code in self.codes.items()}
        if len(self.names) != len(self.codes):
            raise ValueError("Two names share a code.")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["codes"] = self.codes
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        # A code no name has (a row altered in the database) reads as "#code": whatever checks the row (the
        # history's hashes) then sees it changed, rather than failing to read it.
        return self.names.get(value, f"#{value}")

    def to_python(self, value):
        if value is None or isinstance(value, str):
            return value
        return self.names[int(value)]

    def get_prep_value(self, value):
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value  # already a code (an F() comparison, a raw value in a migration)
        try:
            return self.codes[str(value)]
        except KeyError:
            raise ValueError(f"{self.model.__name__}.{self.name}: {value!r} has no code.") from None

    def value_to_string(self, obj):
        return self.value_from_object(obj) or ""
