"""Where courses, accounts and the audit trail are kept: tables, migrations, repositories."""
