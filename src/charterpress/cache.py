"""The build cache: what an earlier build parsed and rendered, reused when nothing it depends on changed.

It lives in the site folder, in `.charterpress/cache/` (git-ignored, safe to delete at any time).
Each entry is named by a hash of everything that produced it, so an entry is either exactly
right or never looked up: a page's parsed body by its own text and place; a free page's HTML by
its body, the templates, and a digest of the rest of the site (every other source file, each
file's date, the day deadlines are judged on, the other pages' titles and owners, the menu).
Entries sit under a folder named by a hash of charterpress's own code and the versions of the
libraries that shape the output, so another version never reads them.

A cache is never trusted: every entry carries an HMAC made with a key kept outside the site (in
the user's cache folder), so a corrupt, truncated, copied or planted entry is simply a miss, and
a pickle is only ever loaded after its HMAC matched.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
import shutil
import tempfile
from pathlib import Path
from typing import Any

CACHE_DIR = Path(".charterpress") / "cache"
# Kinds a sweep leaves: compiled templates (few), and the search index, looked up only after the
# sweep and replaced by each build that indexes anew (one entry).
KEPT = ("jinja", "search")
FORMAT = b"charterpress-cache-1"
_MAC = 32


def code_digest() -> str:
    """charterpress's own code and templates, and the libraries whose output ends up in a page."""
    import jinja2
    import markdown_it
    import mdit_py_plugins
    import yaml

    from charterpress import __version__
    from charterpress.templates import theme_dir

    digest = hashlib.sha256(FORMAT)
    for part in (__version__, jinja2.__version__, markdown_it.__version__, mdit_py_plugins.__version__,
                 yaml.__version__):
        digest.update(part.encode() + b"\0")
    for folder in (Path(__file__).parent, theme_dir()):
        digest.update(folder_digest(folder).encode())
    return digest.hexdigest()[:24]


def folder_digest(folder: Path) -> str:
    """A hash of every file's name and bytes under `folder` ("" when there is none); compiled
    bytecode left out, an unreadable file hashed as such (its reader reports it, if it is read)."""
    if not folder.is_dir():
        return ""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if "__pycache__" in path.parts:
            continue
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        try:
            if path.is_file():
                digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            digest.update(b"unreadable")
    return digest.hexdigest()


def key(*parts: Any) -> str:
    """A hash of `parts` (strings, bytes, numbers, None, booleans, dates and tuples or lists of these).

    repr is exact and unambiguous for each of these (a string's quotes are escaped), and done
    in C: hashing 10,000 pages' keys part by part in Python cost a rebuild a second."""
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _user_key() -> bytes | None:
    """The HMAC key, kept in the user's cache folder (never in the site); None if it cannot be kept."""
    home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "charterpress"
    path = home / "cache-key"
    try:
        data = path.read_bytes()
        if len(data) == 32:
            return data
    except OSError:
        pass
    try:
        home.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=home)  # readable by the user only
        with os.fdopen(fd, "wb") as out:
            out.write(secrets.token_bytes(32))
        os.replace(tmp, path)
        data = path.read_bytes()  # another build may have written its own key first
        return data if len(data) == 32 else None
    except OSError:
        return None


class Cache:
    """Entries of one build: looked up by key, written when new, the rest swept away at the end."""

    def __init__(self, source_dir: Path):
        self.mac_key = _user_key()
        self.root = source_dir / CACHE_DIR
        self.folder = self.root / code_digest()
        self._folder = str(self.folder)
        self.used: set[str] = set()
        self.enabled = self.mac_key is not None

    def _path(self, kind: str, name: str) -> Path:
        return self.folder / kind / name[:2] / name

    def _mac(self, kind: str, name: str, payload: bytes) -> bytes:
        assert self.mac_key is not None
        return hmac.new(self.mac_key, kind.encode() + b"\0" + name.encode() + b"\0" + payload, "sha256").digest()

    def get_bytes(self, kind: str, name: str) -> bytes | None:
        if not self.enabled:
            return None
        try:  # a plain string path: 20,000 lookups a rebuild spent a second in pathlib
            with open(os.path.join(self._folder, kind, name[:2], name), "rb") as entry:
                data = entry.read()
        except OSError:
            return None
        mac, payload = data[:_MAC], data[_MAC:]
        if len(mac) != _MAC or not hmac.compare_digest(mac, self._mac(kind, name, payload)):
            return None  # corrupt, truncated or not ours: a miss
        self.used.add(f"{kind}/{name}")
        return payload

    def put_bytes(self, kind: str, name: str, payload: bytes) -> None:
        if not self.enabled:
            return
        self.used.add(f"{kind}/{name}")
        path = self._path(kind, name)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as out:
                out.write(self._mac(kind, name, payload) + payload)
            os.replace(tmp, path)  # never a half-written entry under the real name
        except OSError:
            self.enabled = False  # a read-only site folder builds as before, just without a cache

    def get(self, kind: str, name: str) -> Any:
        payload = self.get_bytes(kind, name)
        if payload is None:
            return None
        try:
            return pickle.loads(payload)  # only after the HMAC proved we wrote it
        except Exception:  # noqa: BLE001 - an entry from a changed class is a miss, never a crash
            return None

    def put(self, kind: str, name: str, value: Any) -> None:
        if self.enabled:
            self.put_bytes(kind, name, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def known_clean(self) -> frozenset[bytes]:
        """Hashes of texts the privacy scan found nothing in (see PrivacyScan.known_clean)."""
        data = self.get_bytes("privacy", "clean") or b""
        return frozenset(data[i:i + 32] for i in range(0, len(data) - len(data) % 32, 32))

    def keep_clean(self, digests: set[bytes]) -> None:
        self.put_bytes("privacy", "clean", b"".join(sorted(digests)))

    def templates(self) -> Any:
        """A Jinja bytecode cache kept here, so a new process does not compile every template again."""
        import jinja2

        cache = self

        class Bytecode(jinja2.BytecodeCache):
            def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
                data = cache.get_bytes("jinja", key(bucket.key, bucket.checksum))
                if data is not None:  # marshal is read only after the HMAC matched
                    bucket.bytecode_from_string(data)

            def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
                cache.put_bytes("jinja", key(bucket.key, bucket.checksum), bucket.bytecode_to_string())

        return Bytecode()

    def sweep(self) -> None:
        """After a build: drop entries it did not use and folders of other charterpress versions,
        so the cache holds one build's worth and never grows with the edit history. The KEPT
        kinds stay. Plain strings and os.scandir (pathlib cost a 10,000-page rebuild 0.5 s)."""
        if not self.enabled:
            return
        try:
            for other in self.root.iterdir():
                if other != self.folder:
                    shutil.rmtree(other, ignore_errors=True)
            for kind in os.scandir(self.folder):
                if not kind.is_dir(follow_symlinks=False):
                    os.unlink(kind.path)
                    continue
                for shard in os.scandir(kind.path):
                    if not shard.is_dir(follow_symlinks=False):
                        os.unlink(shard.path)
                        continue
                    for entry in os.scandir(shard.path):
                        if entry.is_dir(follow_symlinks=False):
                            shutil.rmtree(entry.path, ignore_errors=True)
                        elif kind.name not in KEPT and f"{kind.name}/{entry.name}" not in self.used:
                            os.unlink(entry.path)
        except OSError:
            pass


def clear(source_dir: Path) -> None:
    shutil.rmtree(source_dir / CACHE_DIR, ignore_errors=True)
