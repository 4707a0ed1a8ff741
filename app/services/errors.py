"""Domain errors. The API maps each to an HTTP status (app/api/errors.py)."""


class DomainError(Exception):
    code = "error"

    def __init__(self, message: str, errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}

    def again(self) -> "DomainError":
        """A new error like this one, to raise where a module keeps a ready-made one:
        raising the same instance twice adds each raise's frames (and their locals)
        to its one traceback, which then grows with every request it refuses."""
        return type(self)(self.message, {name: list(messages) for name, messages in self.errors.items()})


class NotAuthenticated(DomainError):
    code = "unauthorized"


class NotFound(DomainError):
    """Also used for objects outside the actor's scope: no existence leak."""

    code = "not_found"


class Forbidden(DomainError):
    code = "forbidden"


class Conflict(DomainError):
    code = "conflict"


class Invalid(DomainError):
    code = "validation_failed"


class Unavailable(DomainError):
    """Something the server needs for this request is missing or failed (HTTP 503)."""

    code = "service_unavailable"


class TooManyAttempts(DomainError):
    """Too many failed sign-ins: wait `retry_after` seconds (HTTP 429)."""

    code = "too_many_requests"

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after
