"""The inbox's store: one folder, private to its owner (mode 0700)::

    STORE/
      inbox.sqlite3   the database (WAL mode: -wal and -shm files beside it)
      files/ab/<sha256>                 every file as received, named by its content's SHA-256
      ledgers/ab/<sha256>/<unit><.ext>  a hard link to the same bytes, under a name the reader
                                        reads (the suffix sent) and a report shows (the unit)
      policy/         targets.yaml, tasks.yaml, departments.yaml when created with --data (copied)
      tmp/            uploads being received; emptied when the server starts
      serve.lock      held by the running server

An upload is stored whole or not at all: its bytes go to a file in ``tmp/``, are synced and
renamed into ``files/``, and only then is its row committed; a crash before the commit leaves a
file no row names, which :meth:`Store.tidy` removes when the server starts again.

Every write is one short ``BEGIN IMMEDIATE`` transaction (a writer takes the lock first, so two
writers wait for each other under ``busy_timeout`` rather than fail with "database is locked");
each thread has its own connection.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sqlite3
import tempfile
import threading
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Optional

from ..version import __version__
from ..vocabulary import msg
from . import tokens
from .refusals import Refused

if TYPE_CHECKING:
    from ..schema import PolicyData

SCHEMA_VERSION = 1
DATABASE = "inbox.sqlite3"
POLICY_FILES = ("targets.yaml", "tasks.yaml", "departments.yaml")
SESSION_HOURS = 12
BUSY_MS = 30_000  # how long a writer waits for another's transaction before giving up

_SCHEMA = """
CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE tokens (
    id INTEGER PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('admin', 'department')),
    department TEXT,
    digest TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT,
    CHECK ((role = 'admin') = (department IS NULL))
);
CREATE TABLE sessions (
    digest TEXT PRIMARY KEY,
    token_id INTEGER NOT NULL REFERENCES tokens(id) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    expires REAL NOT NULL
);
CREATE TABLE rounds (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    deadline TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    closed_at TEXT,
    closed_as_of TEXT
);
-- at most one round is open
CREATE UNIQUE INDEX one_open_round ON rounds ((closed_at IS NULL)) WHERE closed_at IS NULL;
CREATE TABLE round_counts (
    round_id INTEGER NOT NULL REFERENCES rounds(id),
    target TEXT NOT NULL,
    achieved INTEGER NOT NULL,
    required INTEGER NOT NULL,
    light TEXT NOT NULL,
    PRIMARY KEY (round_id, target)
);
CREATE TABLE uploads (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES rounds(id),
    department TEXT NOT NULL,
    token_id INTEGER REFERENCES tokens(id),
    via TEXT NOT NULL CHECK (via IN ('page', 'api')),
    file_name TEXT NOT NULL,
    suffix TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    received_at TEXT NOT NULL,
    accepted INTEGER NOT NULL,
    rows_read INTEGER NOT NULL,
    rows_used INTEGER NOT NULL,
    rows_counted INTEGER NOT NULL,
    errors INTEGER NOT NULL,
    warnings INTEGER NOT NULL,
    findings TEXT NOT NULL
);
CREATE INDEX uploads_by_round ON uploads (round_id, department, id);
CREATE INDEX uploads_by_department ON uploads (department, id);
"""


def now() -> dt.datetime:
    """The time of the server's clock, with its offset (the district's time on its server)."""
    return dt.datetime.now().astimezone().replace(microsecond=0)


_UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f/\\:*?"<>|]')


def safe_name(text: str, limit: int = 120) -> str:
    """``text`` as a file name anywhere: the last part of a path as sent, without control
    characters or the characters Windows refuses, not hidden, at most ``limit`` characters."""
    last = re.split(r"[/\\]", unicodedata.normalize("NFC", text))[-1]
    cleaned = _UNSAFE.sub("_", last).strip().lstrip(".~ ")
    return cleaned[:limit]


def suffix_of(name: str) -> str:
    """The suffix a file was sent with, lower case (``.xlsx``), or "" for none or an odd one:
    the reader decides by it (and by the content) what the file is."""
    ext = os.path.splitext(name)[1].lower()
    return ext if re.fullmatch(r"\.[a-z0-9]{1,8}", ext) else ""


@dataclass(frozen=True)
class Principal:
    """Who a token or session is: the bureau (``admin``) or one department."""

    role: str  # admin | department
    department: Optional[str]
    token_id: int

    @property
    def admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True)
class Session:
    principal: Principal
    csrf: str


@dataclass(frozen=True)
class Round:
    id: int
    name: str
    deadline: dt.date
    opened_at: str
    closed_at: Optional[str]
    closed_as_of: Optional[dt.date]

    @property
    def open(self) -> bool:
        return self.closed_at is None

    def as_of(self, today: Optional[dt.date] = None) -> dt.date:
        """The day the round is evaluated as of: today while open, the day it closed after."""
        return self.closed_as_of or today or dt.date.today()

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "deadline": self.deadline.isoformat(), "open": self.open,
                "opened_at": self.opened_at, "closed_at": self.closed_at,
                "as_of": self.closed_as_of.isoformat() if self.closed_as_of else None}


@dataclass(frozen=True)
class Upload:
    id: int
    round_id: int
    round: str
    department: str
    via: str
    file_name: str  # as sent, made safe to show
    suffix: str
    sha256: str
    size: int
    received_at: str
    accepted: bool  # readable as a ledger: only an accepted upload can count
    rows_read: int
    rows_used: int
    rows_counted: int
    errors: int
    warnings: int
    findings: list[dict[str, Any]] = field(default_factory=list)  # filled when asked for

    def to_json(self, counted: Optional[bool] = None) -> dict[str, Any]:
        out = {"id": self.id, "round": self.round, "department": self.department,
               "file_name": self.file_name, "size": self.size, "sha256": self.sha256,
               "received_at": self.received_at, "via": self.via, "accepted": self.accepted,
               "rows": {"read": self.rows_read, "used": self.rows_used,
                        "counted": self.rows_counted},
               "errors": self.errors, "warnings": self.warnings}
        if counted is not None:
            out["counted"] = counted  # the latest accepted upload of its department and round
        return out


_UPLOAD_COLUMNS = ("u.id, u.round_id, r.name, u.department, u.via, u.file_name, u.suffix, "
                   "u.sha256, u.size, u.received_at, u.accepted, u.rows_read, u.rows_used, "
                   "u.rows_counted, u.errors, u.warnings")


def _upload(row: sqlite3.Row, findings: Optional[str] = None) -> Upload:
    r = list(row)
    return Upload(id=r[0], round_id=r[1], round=r[2], department=r[3], via=r[4],
                  file_name=r[5], suffix=r[6], sha256=r[7], size=r[8], received_at=r[9],
                  accepted=bool(r[10]), rows_read=r[11], rows_used=r[12], rows_counted=r[13],
                  errors=r[14], warnings=r[15], findings=json.loads(findings) if findings else [])


def _round(row: sqlite3.Row) -> Round:
    return Round(row["id"], row["name"], dt.date.fromisoformat(row["deadline"]),
                 row["opened_at"], row["closed_at"],
                 dt.date.fromisoformat(row["closed_as_of"]) if row["closed_as_of"] else None)


class Incoming:
    """A file being received: written to ``tmp/``, hashed as it comes; :meth:`Store.keep`
    moves it into ``files/``, and :meth:`discard` drops it."""

    def __init__(self, store: Store) -> None:
        fd, name = tempfile.mkstemp(prefix="upload-", suffix=".part", dir=store.tmp)
        self.path = Path(name)
        self.file: BinaryIO = os.fdopen(fd, "wb")
        self.size = 0
        self._hash = hashlib.sha256()

    def write(self, data: bytes) -> None:
        self.file.write(data)
        self._hash.update(data)
        self.size += len(data)

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()

    def finish(self) -> None:
        """Everything received is on disk (flushed and synced) before it is renamed."""
        if not self.file.closed:
            self.file.flush()
            os.fsync(self.file.fileno())
            self.file.close()

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.file.close()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


def fsync_dir(path: Path) -> None:
    """A rename is durable once its folder is synced (POSIX; a no-op where folders cannot be
    opened, as on Windows)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@dataclass(frozen=True)
class Issued:
    """The tokens ``init`` makes: shown once, then only their hashes remain."""

    admin: str
    departments: list[tuple[str, str]]  # (canonical name, token)


class Store:
    """One store folder; see the module docstring. Open it with :meth:`open` (or make it with
    :meth:`create`); every method may be called from any thread."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).absolute()
        self.database = self.root / DATABASE
        self.files = self.root / "files"
        self.ledgers = self.root / "ledgers"
        self.tmp = self.root / "tmp"
        self._local = threading.local()
        self._policy: Optional[PolicyData] = None
        self._policy_lock = threading.Lock()

    # --- making and opening ------------------------------------------------------------------

    @classmethod
    def create(cls, root: Path, data: Optional[Path], base_url: str) -> tuple[Store, Issued]:
        """A new store at ``root`` (which must not exist, or be an empty folder) for the
        embedded policy or the one in ``data`` (checked, then copied in). It is built in a
        folder beside ``root`` and renamed into place, so a failed ``init`` leaves nothing."""
        from ..policy import load

        root = Path(root)
        if root.exists() and (not root.is_dir() or any(root.iterdir())):
            raise Refused(409, msg(
                f"`{root}` exists and is not an empty folder; a store is made in a new folder "
                "(tokens are shown only once: for a new token of an existing store use "
                "`stdcheck inbox token`)",
                f"`{root}` 已存在且不是空文件夹；数据库须建在新文件夹中（令牌只显示一次：已有数据库"
                "要换发令牌，请用 `stdcheck inbox token`）"))
        policy = load(data)  # a broken policy stops here, with its findings
        parent = root.absolute().parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
            building = Path(tempfile.mkdtemp(prefix=f".{root.name}.", suffix=".new", dir=parent))
        except OSError as e:
            raise Refused(409, msg(f"cannot create {root}: {e.strerror}",
                                   f"无法创建 {root}：{e.strerror}")) from e
        try:
            os.chmod(building, 0o700)
            store = cls(building)
            for folder in (store.files, store.ledgers, store.tmp):
                folder.mkdir()
            digest = hashlib.sha256()
            if data is not None:
                (building / "policy").mkdir()
                for name in POLICY_FILES:
                    text = (data / name).read_bytes()
                    digest.update(text)
                    (building / "policy" / name).write_bytes(text)
            conn = sqlite3.connect(store.database, isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.executescript(_SCHEMA)
                conn.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
                settings = {"policy": "copied" if data is not None else "embedded",
                            "policy_from": str(data.absolute()) if data is not None else "",
                            "policy_sha256": digest.hexdigest() if data is not None else "",
                            "policy_id": policy.policy.id, "base_url": base_url,
                            "created_at": now().isoformat(), "created_by": __version__}
                conn.executemany("INSERT INTO settings VALUES (?, ?)", settings.items())
            finally:
                conn.close()
            admin = store.issue(None)
            issued = Issued(admin, [(d.name, store.issue(d.name)) for d in policy.departments])
            store.close()
            if root.exists():
                root.rmdir()  # the empty folder asked for; replaced by the one built
            os.replace(building, root)
            fsync_dir(parent)
        except OSError as e:  # a full disk, a folder taken meanwhile: nothing is left behind
            shutil.rmtree(building, ignore_errors=True)
            raise Refused(409, msg(f"cannot create {root}: {e.strerror}",
                                   f"无法创建 {root}：{e.strerror}")) from e
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
        return cls.open(root), issued

    @classmethod
    def open(cls, root: Path) -> Store:
        """The store at ``root``; a ``Refused`` that says so when it is not one."""
        store = cls(root)
        if not store.database.is_file():
            raise Refused(404, msg(
                f"`{root}` is not an inbox store (no {DATABASE}); make one with `stdcheck inbox "
                "init STORE`",
                f"`{root}` 不是报送数据库（没有 {DATABASE}）；请先用 `stdcheck inbox init STORE` "
                "创建"))
        version = store.query("SELECT version FROM schema_version")
        if not version or version[0][0] != SCHEMA_VERSION:
            found = version[0][0] if version else None
            raise Refused(409, msg(
                f"`{root}` has store schema {found}; this stdcheck reads schema {SCHEMA_VERSION}",
                f"`{root}` 的数据库结构版本为 {found}；本版本 stdcheck 只能读取版本 "
                f"{SCHEMA_VERSION}"))
        for folder in (store.files, store.ledgers, store.tmp):
            folder.mkdir(exist_ok=True)
        return store

    def hold(self) -> sqlite3.Connection:
        """The store's lock, held by the running server until the connection closes: a second
        server on the same store would tidy away the first one's uploads in progress. An
        exclusive SQLite lock on ``serve.lock`` (the system's file lock on every platform),
        released by the system when the server dies, ``kill -9`` included."""
        lock = sqlite3.connect(self.root / "serve.lock", timeout=0, isolation_level=None)
        try:
            lock.execute("PRAGMA locking_mode=EXCLUSIVE")
            lock.execute("BEGIN EXCLUSIVE")
        except sqlite3.OperationalError:
            lock.close()
            raise Refused(409, msg(f"another `stdcheck serve` is running on {self.root}",
                                   f"已有另一个 `stdcheck serve` 在使用 {self.root}")) from None
        return lock

    def policy(self) -> PolicyData:
        """The policy the store counts against: the copy in ``policy/``, or the embedded one."""
        with self._policy_lock:
            if self._policy is None:
                from ..policy import load

                copied = self.root / "policy"
                self._policy = load(copied if self.setting("policy") == "copied" else None)
            return self._policy

    # --- the database ------------------------------------------------------------------------

    def _conn(self) -> sqlite3.Connection:
        conn: Optional[sqlite3.Connection] = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.database, timeout=BUSY_MS / 1000, isolation_level=None)
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout={BUSY_MS}")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA synchronous=FULL")  # a committed upload survives a power cut
            self._local.conn = conn
        return conn

    def close(self) -> None:
        """Close this thread's connection (others close when their threads end)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def query(self, sql: str, *args: Any) -> list[sqlite3.Row]:
        return self._conn().execute(sql, args).fetchall()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction, the write lock taken at its start."""
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def setting(self, key: str) -> Optional[str]:
        rows = self.query("SELECT value FROM settings WHERE key = ?", key)
        return str(rows[0][0]) if rows else None

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction() as conn:
            conn.execute("INSERT INTO settings VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                         "value = excluded.value", (key, value))

    # --- tokens and sessions -----------------------------------------------------------------

    def issue(self, department: Optional[str]) -> str:
        """A new token for ``department`` (canonical name; None: the bureau); the one it had
        stops working, and so do the sessions opened with it."""
        token = tokens.new()
        role = "admin" if department is None else "department"
        stamp = now().isoformat()
        with self.transaction() as conn:
            conn.execute("UPDATE tokens SET revoked_at = ? WHERE role = ? AND department IS ? "
                         "AND revoked_at IS NULL", (stamp, role, department))
            conn.execute("DELETE FROM sessions WHERE token_id IN (SELECT id FROM tokens WHERE "
                         "revoked_at IS NOT NULL)")
            conn.execute("INSERT INTO tokens (role, department, digest, created_at) "
                         "VALUES (?, ?, ?, ?)", (role, department, tokens.digest(token), stamp))
        return token

    def who(self, token: str) -> Optional[Principal]:
        """Whose ``token`` is, or None. Every live token's hash is compared, in constant time,
        so the answer takes as long whichever one (or none) matches."""
        wanted = tokens.digest(token)
        found = None
        for row in self.query("SELECT id, role, department, digest FROM tokens "
                              "WHERE revoked_at IS NULL"):
            if tokens.same(row["digest"], wanted):
                found = Principal(row["role"], row["department"], row["id"])
        return found

    def open_session(self, principal: Principal) -> tuple[str, str]:
        """A new session (its secret id, kept only as a hash) and its CSRF token."""
        sid, csrf = tokens.new(), tokens.new()
        with self.transaction() as conn:
            conn.execute("DELETE FROM sessions WHERE expires < ?", (time.time(),))
            conn.execute("INSERT INTO sessions VALUES (?, ?, ?, ?)",
                         (tokens.digest(sid), principal.token_id, csrf,
                          time.time() + SESSION_HOURS * 3600))
        return sid, csrf

    def session(self, sid: str) -> Optional[Session]:
        rows = self.query(
            "SELECT s.digest, s.csrf, t.id, t.role, t.department FROM sessions s JOIN tokens t "
            "ON t.id = s.token_id WHERE s.digest = ? AND s.expires > ? AND t.revoked_at IS NULL",
            tokens.digest(sid), time.time())
        if not rows or not tokens.same(rows[0]["digest"], tokens.digest(sid)):
            return None
        r = rows[0]
        return Session(Principal(r["role"], r["department"], r["id"]), r["csrf"])

    def end_session(self, sid: str) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM sessions WHERE digest = ?", (tokens.digest(sid),))

    # --- rounds ------------------------------------------------------------------------------

    def rounds(self) -> list[Round]:
        return [_round(r) for r in self.query("SELECT * FROM rounds ORDER BY id")]

    def current(self) -> Optional[Round]:
        """The open round, if any."""
        rows = self.query("SELECT * FROM rounds WHERE closed_at IS NULL")
        return _round(rows[0]) if rows else None

    def round_named(self, name: str) -> Optional[Round]:
        rows = self.query("SELECT * FROM rounds WHERE name = ?", name)
        return _round(rows[0]) if rows else None

    def round_by_id(self, round_id: int) -> Optional[Round]:
        rows = self.query("SELECT * FROM rounds WHERE id = ?", round_id)
        return _round(rows[0]) if rows else None

    def open_round(self, name: str, deadline: dt.date) -> Round:
        with self.transaction() as conn:
            if conn.execute("SELECT 1 FROM rounds WHERE closed_at IS NULL").fetchone():
                raise Refused(409, msg(
                    "a round is open; close it before opening the next "
                    "(`stdcheck inbox round STORE close`)",
                    "已有正在进行的轮次；请先关闭（`stdcheck inbox round STORE close`）再开启下一轮"))
            if conn.execute("SELECT 1 FROM rounds WHERE name = ?", (name,)).fetchone():
                raise Refused(409, msg(f"there is already a round named “{name}”; give another "
                                       "name", f"已有名为“{name}”的轮次；请换一个名称"))
            conn.execute("INSERT INTO rounds (name, deadline, opened_at) VALUES (?, ?, ?)",
                         (name, deadline.isoformat(), now().isoformat()))
        found = self.round_named(name)
        assert found is not None
        return found

    def close_round(self, round_id: int, as_of: dt.date,
                    counts: list[tuple[str, int, int, str]]) -> Round:
        """Close the round, freezing each target's count as of ``as_of``:
        (target, achieved, required, light)."""
        with self.transaction() as conn:
            changed = conn.execute("UPDATE rounds SET closed_at = ?, closed_as_of = ? "
                                   "WHERE id = ? AND closed_at IS NULL",
                                   (now().isoformat(), as_of.isoformat(), round_id)).rowcount
            if not changed:
                raise Refused(409, msg("the round is already closed", "该轮次已关闭"))
            conn.executemany("INSERT INTO round_counts VALUES (?, ?, ?, ?, ?)",
                             [(round_id, *c) for c in counts])
        found = self.round_by_id(round_id)
        assert found is not None
        return found

    def frozen_counts(self) -> dict[int, dict[str, tuple[int, int, str]]]:
        """round id -> target -> (achieved, required, light), for the closed rounds."""
        out: dict[int, dict[str, tuple[int, int, str]]] = {}
        for r in self.query("SELECT * FROM round_counts"):
            out.setdefault(r["round_id"], {})[r["target"]] = (r["achieved"], r["required"],
                                                               r["light"])
        return out

    # --- files and uploads -------------------------------------------------------------------

    def incoming(self) -> Incoming:
        return Incoming(self)

    def blob(self, sha256: str) -> Path:
        return self.files / sha256[:2] / sha256

    def ledger_path(self, sha256: str, department: str, suffix: str) -> Path:
        """Where the reader reads an upload: the same bytes, named for the department, with
        the suffix sent. Keyed by content, so it is the same path however often it is sent."""
        return self.ledgers / sha256[:2] / sha256 / f"{safe_name(department) or 'ledger'}{suffix}"

    def keep(self, incoming: Incoming, department: str, suffix: str) -> Path:
        """Move a received file into ``files/`` (once per content) and link it under its
        ledger name; returns that name. Synced before the caller commits the row."""
        incoming.finish()
        blob = self.blob(incoming.sha256)
        blob.parent.mkdir(exist_ok=True)
        if blob.exists():
            incoming.discard()  # the same bytes were sent before: kept once
        else:
            os.replace(incoming.path, blob)
            fsync_dir(blob.parent)
        link = self.ledger_path(incoming.sha256, department, suffix)
        if not link.exists():
            link.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(blob, link)
            except FileExistsError:
                pass  # the same bytes, linked by an upload of the same moment
            except OSError:  # a file system without hard links: a copy, renamed into place
                from ..files import atomic_file

                with open(blob, "rb") as src, atomic_file(link) as out:
                    shutil.copyfileobj(src, out)
            fsync_dir(link.parent)
        return link

    def record(self, round_id: int, department: str, token_id: Optional[int], via: str,
               file_name: str, suffix: str, sha256: str, size: int, accepted: bool,
               rows: tuple[int, int, int], errors: int, warnings: int,
               findings: list[dict[str, Any]]) -> Upload:
        """The upload's row, committed in one transaction; refused when its round has closed
        meanwhile (the file stays unnamed, and is tidied away)."""
        stamp = now().isoformat()
        with self.transaction() as conn:
            if not conn.execute("SELECT 1 FROM rounds WHERE id = ? AND closed_at IS NULL",
                                (round_id,)).fetchone():
                raise no_open_round()
            cur = conn.execute(
                "INSERT INTO uploads (round_id, department, token_id, via, file_name, suffix, "
                "sha256, size, received_at, accepted, rows_read, rows_used, rows_counted, "
                "errors, warnings, findings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "?, ?)", (round_id, department, token_id, via, file_name, suffix, sha256, size,
                          stamp, int(accepted), *rows, errors, warnings,
                          json.dumps(findings, ensure_ascii=False)))
            upload_id = cur.lastrowid
        assert upload_id is not None
        found = self.upload(upload_id)
        assert found is not None
        return found

    def upload(self, upload_id: int, findings: bool = True) -> Optional[Upload]:
        extra = ", u.findings" if findings else ""
        rows = self.query(f"SELECT {_UPLOAD_COLUMNS}{extra} FROM uploads u JOIN rounds r ON "
                          "r.id = u.round_id WHERE u.id = ?", upload_id)
        if not rows:
            return None
        return _upload(rows[0], rows[0]["findings"] if findings else None)

    def uploads(self, round_id: Optional[int] = None,
                department: Optional[str] = None) -> list[Upload]:
        """Uploads, newest first, of a round and/or a department (without their findings)."""
        where: list[str] = []
        args: list[Any] = []
        if round_id is not None:
            where.append("u.round_id = ?")
            args.append(round_id)
        if department is not None:
            where.append("u.department = ?")
            args.append(department)
        sql = (f"SELECT {_UPLOAD_COLUMNS} FROM uploads u JOIN rounds r ON r.id = u.round_id"
               + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY u.id DESC")
        return [_upload(r) for r in self.query(sql, *args)]

    def counted(self, round_id: int) -> list[Upload]:
        """The uploads a round counts: each department's latest accepted one."""
        rows = self.query(
            f"SELECT {_UPLOAD_COLUMNS} FROM uploads u JOIN rounds r ON r.id = u.round_id "
            "WHERE u.id IN (SELECT MAX(id) FROM uploads WHERE round_id = ? AND accepted = 1 "
            "GROUP BY department)", round_id)
        return [_upload(r) for r in rows]

    def tidy(self) -> list[str]:
        """After a crash: remove what no committed row names — files half received in
        ``tmp/``, files and links kept for an upload whose row was never committed — and say
        what was removed. Run by the server before it takes requests (it holds the lock)."""
        removed = []

        def remove(p: Path) -> None:
            with contextlib.suppress(OSError):
                if p.is_dir():
                    shutil.rmtree(p)
                else:
                    p.unlink()
                removed.append(str(p.relative_to(self.root)))

        for p in self.tmp.iterdir():
            remove(p)
        known = {r[0] for r in self.query("SELECT DISTINCT sha256 FROM uploads")}
        for top in (self.files, self.ledgers):
            for p in sorted(top.glob("*/*")):
                if p.name not in known:
                    remove(p)
        return removed

    def damaged(self, hashes: bool = False) -> list[str]:
        """Uploads whose kept file is missing, of another size or (with ``hashes``, which reads
        every file) no longer of its hash: the store was edited by hand, or a disk failed. Said,
        never hidden."""
        out = []
        for r in self.query("SELECT id, sha256, size FROM uploads"):
            blob = self.blob(r["sha256"])
            try:
                ok = (blob.stat().st_size == r["size"]
                      and (not hashes or _sha256(blob) == r["sha256"]))
            except OSError:
                ok = False
            if not ok:
                out.append(f"upload {r['id']}: {blob.relative_to(self.root)}")
        return out


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def no_open_round() -> Refused:
    return Refused(409, msg(
        "no round is open: uploads belong to a round, and the bureau opens one "
        "(`stdcheck inbox round STORE open NAME --deadline DATE`)",
        "当前没有开启的报送轮次：台账须报送到某一轮次，请联系联席会议办公室开启（`stdcheck inbox "
        "round STORE open 名称 --deadline 日期`）"))
