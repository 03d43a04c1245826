"""The clinic's pages behind a sign-in: signing in, your own account and the admin's accounts."""
