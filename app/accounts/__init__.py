"""Accounts: roles and what each may do, password and token hashing, sign-in with rate limiting."""
