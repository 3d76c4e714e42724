"""Passwords: argon2id hashes (argon2-cffi), checked in constant time, rehashed when the
parameters change. Why argon2-cffi and these parameters: ``docs/design/accounts.md``.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

__all__ = [
    "MAX_LENGTH",
    "MIN_LENGTH",
    "check_password",
    "hash_password",
    "hasher",
    "set_hasher",
    "verify_password",
]

MIN_LENGTH = 12
"""The shortest password accepted (NIST SP 800-63B asks for at least 8; we ask for more)."""
MAX_LENGTH = 1024
"""The longest: a bound on the work one login can cost the server."""

# argon2-cffi's defaults are RFC 9106's "low memory" profile: argon2id, t=3, m=64 MiB, p=4.
_hasher = PasswordHasher()


def hasher() -> PasswordHasher:
    """The hasher new hashes are made with."""
    return _hasher


def set_hasher(new: PasswordHasher) -> PasswordHasher:
    """Replace the hasher (tests use cheap parameters); returns the previous one."""
    global _hasher
    previous, _hasher = _hasher, new
    return previous


def check_password(password: str) -> str | None:
    """Why ``password`` cannot be used, or ``None`` if it can."""
    if len(password) < MIN_LENGTH:
        return f"a password needs at least {MIN_LENGTH} characters (got {len(password)})"
    if len(password) > MAX_LENGTH:
        return f"a password has at most {MAX_LENGTH} characters (got {len(password)})"
    if not password.strip():
        return "a password cannot be only spaces"
    return None


def hash_password(password: str) -> str:
    """The argon2id hash of ``password`` (PHC string, with its own random salt)."""
    return _hasher.hash(password)


def verify_password(stored: str, password: str) -> tuple[bool, str | None]:
    """Whether ``password`` matches the ``stored`` hash, and — when it does and the hash was
    made with other parameters than today's — the new hash to store in its place."""
    try:
        _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False, None
    if _hasher.check_needs_rehash(stored):
        return True, _hasher.hash(password)
    return True, None
