"""Domain errors: one type, a machine code in English and a message in Persian.

Services raise these; the API handler and the htmx forms show the same
``{code, detail}``. A user's mistake is never a 500.
"""


class DomainError(Exception):
    http_status = 400

    def __init__(self, code, message, *, http_status=None, fields=None):
        super().__init__(message)
        self.code = code
        self.message = str(message)
        self.fields = fields or {}
        if http_status is not None:
            self.http_status = http_status

    def as_dict(self):
        body = {"code": self.code, "detail": self.message}
        if self.fields:
            body["errors"] = {k: [str(m) for m in v] for k, v in self.fields.items()}
        return body


class Conflict(DomainError):
    """Stale state, a lock held elsewhere, a duplicate: try again or reload."""

    http_status = 409


class Forbidden(DomainError):
    http_status = 403


class NotFound(DomainError):
    http_status = 404
