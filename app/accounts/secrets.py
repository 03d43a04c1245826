"""Password hashing with Argon2id, and random tokens that are kept only as SHA-256 hashes."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_PASSWORD = 12
MAX_PASSWORD = 1024


def check_password_rules(password: str) -> None:
    """Refuse a password that is too short or too long, saying which."""
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"the password must have at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise ValueError(f"the password must have at most {MAX_PASSWORD} characters")


def hash_password(password: str) -> str:
    """An Argon2id hash (argon2-cffi's default type) with its own salt and parameters."""
    return PasswordHasher().hash(password)


def password_matches(stored: str, password: str) -> bool:
    """True when `password` is the one `stored` was made from."""
    try:
        return PasswordHasher().verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    """256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What is stored of a token: its SHA-256 (a token is random, so no salt is needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_id() -> str:
    """An opaque identifier with 128 random bits (22 URL-safe characters)."""
    return secrets.token_urlsafe(16)
