"""What makes the audit trail tamper-evident to someone who can write to the database: a key
kept outside it (a setting, or a key file in the data folder, 0600) for a keyed hash of every
entry, and a checkpoint file, outside it too, that every committed write appends its head to."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from app.storage.engine import private_file

KEY_FILE = "audit.key"


def key_id(key: bytes) -> str:
    """A short public name for a key (never the key): which key an entry was sealed with."""
    return hashlib.sha256(b"sts-audit-key-id:" + key).hexdigest()[:16]


@dataclass(frozen=True)
class Checkpoint:
    """A head the trail once had: its last entry's seq and hash."""

    seq: int
    hash: str


@dataclass(frozen=True)
class Seal:
    """The keys an entry may be sealed with (the newest seals new entries; older ones, kept
    after a rotation, still check old entries) and where checkpoints are appended."""

    keys: tuple[bytes, ...]
    checkpoints: Path | None

    @property
    def current(self) -> tuple[str, bytes]:
        """The key id and key that seal new entries."""
        return key_id(self.keys[-1]), self.keys[-1]

    def key(self, wanted: str) -> bytes | None:
        """The key with this id, if this seal holds it."""
        return next((k for k in self.keys if key_id(k) == wanted), None)

    def mac(self, key: bytes, canonical: bytes) -> str:
        """The keyed hash (HMAC-SHA-256) of an entry's canonical text."""
        return hmac.new(key, canonical, hashlib.sha256).hexdigest()

    def checkpoint(self, head: Checkpoint) -> None:
        """Append a committed head to the checkpoint file (one short line, O_APPEND, so lines
        from several processes never interleave)."""
        if self.checkpoints is None:
            return
        private_file(self.checkpoints)
        descriptor = os.open(self.checkpoints, os.O_WRONLY | os.O_APPEND)
        try:
            os.write(descriptor, f"{head.seq} {head.hash}\n".encode())
            os.fsync(descriptor)
        finally:
            os.close(descriptor)

    def newest_checkpoint(self) -> Checkpoint | None:
        """The checkpoint with the highest seq (lines from several processes may be out of
        order); None when there is no file. A line that cannot be read is skipped."""
        if self.checkpoints is None or not self.checkpoints.exists():
            return None
        newest = None
        for line in self.checkpoints.read_text(encoding="ascii", errors="replace").splitlines():
            seq, _, digest = line.partition(" ")
            if seq.isdigit() and len(digest) == 64 and (newest is None or int(seq) > newest.seq):
                newest = Checkpoint(int(seq), digest)
        return newest


def _read_keys(path: Path) -> list[bytes]:
    return [bytes.fromhex(line) for line in path.read_text(encoding="ascii").split()
            if len(line) == 64]


def checkpoint_file(data_dir: Path, database_url: str) -> Path:
    """The checkpoint file of one database: named after its URL, so that a copy restored
    elsewhere starts its own rather than being taken for a trail cut short."""
    name = hashlib.sha256(database_url.encode()).hexdigest()[:12]
    return data_dir / f"audit-checkpoints-{name}.log"


def load_seal(data_dir: Path, key_text: str | None, database_url: str, *, create: bool) -> Seal:
    """The seal of a deployment: the key from `key_text` (64 hex digits) or else the key file
    in `data_dir` (every line one key, the newest last), made with a new random key when
    `create` and missing; the database's checkpoint file beside it."""
    keys: list[bytes] = []
    path = data_dir / KEY_FILE
    if path.exists():
        keys = _read_keys(path)
    elif create and not key_text:
        private_file(path)
        path.write_text(secrets.token_hex(32) + "\n", encoding="ascii")
        keys = _read_keys(path)
    if key_text:
        keys.append(bytes.fromhex(key_text))
    return Seal(tuple(keys), checkpoint_file(data_dir, database_url))
