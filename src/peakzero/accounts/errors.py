"""The errors of the accounts engine; each carries the HTTP status the web layer answers with."""

from __future__ import annotations

from peakzero.errors import PeakzeroError

__all__ = ["AccountError", "InvalidAccountInput", "NameTaken", "UnknownToken", "UnknownUser"]


class AccountError(PeakzeroError):
    """An account operation that cannot be done; nothing was written."""

    status = 400

    def __init__(self, message: str, field: str | None = None, value: object = None) -> None:
        super().__init__(message)
        self.field = field
        self.value = value


class InvalidAccountInput(AccountError):
    """A name, role, district, project or password that is not valid (the message says what is)."""

    status = 422


class UnknownUser(AccountError):
    status = 404


class UnknownToken(AccountError):
    status = 404


class NameTaken(AccountError):
    status = 409
