"""The `sts-planner` command: schema upgrades and the due index, accounts and tokens, audit checks
and backups."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import re
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from app.accounts.roles import ROLES
from app.courses.errors import CourseRefusal, InvalidInput
from app.policy import policy_from_settings
from app.services import accounts, courses, fhir_export, passwords
from app.services.first_run_links import served_at
from app.settings import SettingsError, load_settings
from app.storage import audit, audit_check
from app.storage.engine import Database, private_file
from app.storage.lifetime import open_database

Handler = Callable[[argparse.Namespace], None]


class CommandError(Exception):
    """A command that cannot be carried out; its message is the one line printed."""


@contextmanager
def _database() -> Iterator[Database]:
    """The settings' database, its schema brought up to date, closed when the command ends."""
    database = open_database(load_settings())
    try:
        yield database
    finally:
        database.close()


def _read_password() -> str:
    """One line from standard input when it is not a terminal, else asked twice without echo."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != first:
        raise CommandError("the two passwords differ")
    return first


def db_upgrade(args: argparse.Namespace) -> None:
    """Bring the schema to the current version."""
    with _database():
        pass


def db_reindex(args: argparse.Namespace) -> None:
    """Recompute the due index from every course's plan and records (--check: only compare)."""
    with _database() as database:
        found = courses.rebuild_due_index(database, policy_from_settings(load_settings()),
                                          write=not args.check)
    if found.refused:
        named = ", ".join(found.refused[:20])
        more = f" and {len(found.refused) - 20} more" if len(found.refused) > 20 else ""
        raise CommandError(f"the planner now refuses the plans of {len(found.refused)} of "
                           f"{found.courses} courses ({named}{more}); their due rounds were "
                           "left as they were"
                           + ("" if args.check else ", marked 'plan refused now'")
                           + ": amend each plan")
    if args.check and found.differing:
        raise CommandError(f"due index differs from the schedules of {found.differing} of "
                           f"{found.courses} courses; run sts-planner db reindex")
    done = "differ" if args.check else "rewritten"
    print(f"due index: {found.courses} courses checked, {found.differing} {done}")


def user_add(args: argparse.Namespace) -> None:
    """Create an account with a role and a password."""
    if args.role not in ROLES:
        raise CommandError(f"unknown role {args.role!r}; choose one of {', '.join(sorted(ROLES))}")
    with _database() as database:
        accounts.add_user(database, args.username, args.role, _read_password(),
                          by=accounts.CONSOLE)


def user_disable(args: argparse.Namespace) -> None:
    """Disable an account: its tokens and sessions stop working at once."""
    with _database() as database:
        accounts.set_disabled(database, args.username, True, by=accounts.CONSOLE)


def user_enable(args: argparse.Namespace) -> None:
    """Enable a disabled account again."""
    with _database() as database:
        accounts.set_disabled(database, args.username, False, by=accounts.CONSOLE)


def user_role(args: argparse.Namespace) -> None:
    """Change an account's role."""
    with _database() as database:
        accounts.set_role(database, args.username, args.role, by=accounts.CONSOLE)


def user_reset_link(args: argparse.Namespace) -> None:
    """Print a one-time password reset link (an hour, one use) as the only line of standard
    output; the account's sessions and API tokens end now."""
    settings = load_settings()
    base = args.base or served_at(settings.host, settings.port)
    if not base.startswith(("http://", "https://")):
        raise CommandError(f"--base must start with http:// or https://; got {base!r}")
    with _database() as database:
        token = passwords.issue_reset_link(database, args.username, by=accounts.CONSOLE)
    print(passwords.reset_link(base, token))


def token_add(args: argparse.Namespace) -> None:
    """Print a new API token as the only line of standard output."""
    with _database() as database:
        print(accounts.add_token(database, args.username, by=accounts.CONSOLE))


def token_revoke(args: argparse.Namespace) -> None:
    """Revoke every token of an account."""
    with _database() as database:
        count = accounts.revoke_tokens(database, args.username, by=accounts.CONSOLE)
    print(f"revoked {count} token(s) of {args.username}", file=sys.stderr)


def audit_verify(args: argparse.Namespace) -> None:
    """Check the audit trail end to end; name the first entry altered, removed or inserted."""
    with _database() as database, database.reading() as session:
        verdict = audit_check.verify(session, database.seal, strict=args.strict)
    for note in verdict.notes:
        print(f"note: {note}", file=sys.stderr)
    if verdict.first_bad is not None:
        raise CommandError(
            f"audit trail broken at seq {verdict.first_bad}: {verdict.reason}"
        )
    print(f"audit trail intact: {verdict.entries} entries")


def audit_head(args: argparse.Namespace) -> None:
    """Print the trail's head (its last seq and hash) for a copy kept away from this server."""
    with _database() as database, database.reading() as session:
        found = audit.head(session)
    print(f"{found.seq} {found.hash}")


def backup(args: argparse.Namespace) -> None:
    """Copy a SQLite database consistently while the app runs (SQLite's online backup API)."""
    url = make_url(load_settings().database())
    if url.get_backend_name() != "sqlite" or not url.database:
        raise CommandError("backup copies a SQLite database; back up PostgreSQL with pg_dump")
    source_path, target = Path(url.database), Path(args.path)
    if not source_path.exists():
        raise CommandError(f"no database at {source_path}")
    if target.exists():
        raise CommandError(f"{target} exists already; choose a new file")
    private_file(target)  # a backup holds patients' records: this account's alone
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    try:
        with copy:
            source.backup(copy)
    finally:
        copy.close()
        source.close()
    print(f"backed up to {target}", file=sys.stderr)


def _since(text: str) -> dt.date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise CommandError(f"--since must be a date written YYYY-MM-DD; got {text!r}")
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"--since is not a date: {error}") from None


def export_fhir(args: argparse.Namespace) -> None:
    """Write one FHIR R4 Bundle per course changed since a day (from its start in the clinic's
    time zone) as NDJSON, replacing PATH at once, so a reader never sees half a feed."""
    settings = load_settings()
    since = dt.datetime.combine(_since(args.since), dt.time(), tzinfo=settings.zone())
    target = Path(args.path)
    actor = accounts.Actor(accounts.CONSOLE, "admin")
    written, refused = 0, []
    with _database() as database:
        policy = policy_from_settings(settings)
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as feed:
                for course_id in fhir_export.changed_since(database, since):
                    try:
                        export = fhir_export.export_course(database, policy, actor, course_id,
                                                           settings.patient_id_system)
                    except (CourseRefusal, InvalidInput):  # a plan now refused: named below
                        refused.append(course_id)
                        continue
                    feed.write(json.dumps(export.bundle, ensure_ascii=False,
                                          separators=(",", ":"), allow_nan=False) + "\n")
                    written += 1
                feed.flush()
                os.fsync(feed.fileno())
            os.replace(temporary, target)  # the feed holds patients' data: 0600 from mkstemp
        finally:  # after the replace there is nothing left to remove
            Path(temporary).unlink(missing_ok=True)
    print(f"exported {written} course(s) changed since {args.since} to {target}",
          file=sys.stderr)
    if refused:
        raise CommandError(f"{len(refused)} course(s) could not be exported, their plans now "
                           f"refused: {', '.join(refused)}")


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage mistake reported on one line like every other error."""

    def error(self, message: str) -> NoReturn:
        print(f"{self.prog}: {message}", file=sys.stderr)
        sys.exit(2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="sts-planner", description=__doc__)
    groups = parser.add_subparsers(dest="group", required=True)

    def group(name: str, about: str) -> argparse._SubParsersAction[_Parser]:
        return groups.add_parser(name, help=about).add_subparsers(dest="command", required=True)

    def command(within: argparse._SubParsersAction[_Parser], name: str, handler: Handler,
                *names: str) -> _Parser:
        sub = within.add_parser(name, help=handler.__doc__)
        sub.set_defaults(handler=handler)
        for argument in names:
            sub.add_argument(argument)
        return sub

    db = group("db", "the database schema")
    command(db, "upgrade", db_upgrade)
    command(db, "reindex", db_reindex).add_argument("--check", action="store_true")
    user = group("user", "accounts")
    command(user, "add", user_add, "username").add_argument("--role", required=True)
    command(user, "disable", user_disable, "username")
    command(user, "enable", user_enable, "username")
    command(user, "role", user_role, "username", "role")
    command(user, "reset-link", user_reset_link, "username").add_argument(
        "--base", help="the address staff open the app at, e.g. https://sts.example.org")
    token = group("token", "API tokens")
    command(token, "add", token_add, "username")
    command(token, "revoke", token_revoke, "username")
    trail = group("audit", "the audit trail")
    command(trail, "verify", audit_verify).add_argument(
        "--strict", action="store_true",
        help="also fail on entries sealed with a key that is not here")
    command(trail, "head", audit_head)
    command(groups, "backup", backup, "path")
    export = group("export", "exports for other systems")
    command(export, "fhir", export_fhir, "path").add_argument("--since", required=True)
    return parser


def _one_line(text: str) -> str:
    return "; ".join(line.strip() for line in text.strip().splitlines() if line.strip())


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; errors are one line on standard error and a non-zero exit."""
    args = _parser().parse_args(argv)
    try:
        args.handler(args)
    except (CommandError, accounts.AccountError, SettingsError) as error:
        print(f"sts-planner: {_one_line(str(error))}", file=sys.stderr)
        return 1
    except (SQLAlchemyError, sqlite3.Error, OSError) as error:
        print(f"sts-planner: {_one_line(str(error)) or type(error).__name__}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("sts-planner: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
