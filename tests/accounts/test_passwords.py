"""argon2id hashes: made, verified, refused, and rehashed when the parameters change."""

from __future__ import annotations

from argon2 import PasswordHasher

from peakzero.accounts import passwords
from peakzero.accounts.passwords import check_password, hash_password, verify_password


def test_a_hash_is_argon2id_salted_and_verifies() -> None:
    first = hash_password("correct horse battery")
    assert first.startswith("$argon2id$")
    assert first != hash_password("correct horse battery")  # a new salt each time
    assert verify_password(first, "correct horse battery") == (True, None)
    assert verify_password(first, "correct horse batterY") == (False, None)
    assert verify_password("not a hash", "correct horse battery") == (False, None)


def test_a_hash_with_old_parameters_is_replaced_on_login() -> None:
    old = hash_password("correct horse battery")
    previous = passwords.set_hasher(PasswordHasher(time_cost=2, memory_cost=16, parallelism=1))
    try:
        ok, new = verify_password(old, "correct horse battery")
        assert ok
        assert new is not None and "t=2" in new
        assert verify_password(new, "correct horse battery") == (True, None)
    finally:
        passwords.set_hasher(previous)


def test_the_production_hasher_is_rfc_9106_low_memory() -> None:
    default = PasswordHasher()
    assert (default.time_cost, default.memory_cost, default.parallelism) == (3, 65536, 4)


def test_weak_passwords_are_refused_with_the_rule() -> None:
    assert check_password("short") == "a password needs at least 12 characters (got 5)"
    assert check_password(" " * 12) == "a password cannot be only spaces"
    assert check_password("x" * 2000) is not None
    assert check_password("a long enough one") is None
