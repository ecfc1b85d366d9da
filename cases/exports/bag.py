"""A streaming BagIt 1.0 writer (RFC 8493): into a directory, or a streamed zip.

Payload is streamed from the blob store through the hasher to its destination,
read once and never held whole in memory: while one chunk is hashed in a second
thread (hashlib releases the GIL) the same chunk is written. A stored blob's
SHA-256 is recomputed on the way and must equal its key, or the export stops; its
SHA-512, computed at intake from the same bytes, is then taken from the registry.
Files the export makes itself are hashed with both. Manifest lines are spooled to
temporary files, so memory stays constant whatever the number of files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

CHUNK = 8 * 1024 * 1024
ALGORITHMS = ("sha256", "sha512")
BAGIT_TXT = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"


class BagError(Exception):
    """The bag could not be written; nothing partial is left behind."""


@dataclass(frozen=True)
class Payload:
    """A payload file at ``data/<path>``. Either ``data`` or ``open`` (a stored
    blob, with the digests it must have)."""

    path: str
    data: bytes | None = None
    open: Callable[[], BinaryIO] | None = None
    size: int = 0
    sha256: str = ""
    sha512: str = ""


@dataclass(frozen=True)
class Written:
    path: str
    size: int
    sha256: str
    sha512: str


@dataclass(frozen=True)
class BagResult:
    """Where the bag is, its fingerprint (SHA-256 of tagmanifest-sha256.txt), and
    the zip's own SHA-256 when zipped."""

    path: Path
    bag_sha256: str
    file_sha256: str
    payload_files: int
    payload_bytes: int
    size: int


def _check_path(path: str) -> None:
    parts = path.split("/")
    if not path or path.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise BagError(f"unsafe path in bag: {path!r}")
    if any(c in path for c in "\r\n%\\"):
        raise BagError(f"path needs escaping, not allowed here: {path!r}")


class _Manifests:
    """Manifest lines spooled to disk, one temporary file per algorithm."""

    def __init__(self) -> None:
        self.files = {a: tempfile.TemporaryFile("w+b") for a in ALGORITHMS}  # noqa: SIM115
        self.count = 0
        self.octets = 0

    def add(self, written: Written) -> None:
        self.count += 1
        self.octets += written.size
        for algorithm in ALGORITHMS:
            digest = getattr(written, algorithm)
            self.files[algorithm].write(f"{digest}  {written.path}\n".encode())

    def read(self, algorithm: str) -> bytes:
        spool = self.files[algorithm]
        spool.seek(0)
        return spool.read()

    def close(self) -> None:
        for spool in self.files.values():
            spool.close()


def _hash_both(data: bytes) -> tuple[str, str]:
    return hashlib.sha256(data).hexdigest(), hashlib.sha512(data).hexdigest()


def _check_digest(payload: Payload, sha256: str, size: int) -> None:
    if sha256 != payload.sha256 or size != payload.size:
        raise BagError(
            f"{payload.path}: the stored copy read as {size} bytes with SHA-256 "
            f"{sha256}, not {payload.size} bytes with {payload.sha256}; "
            "the export stops (run a fixity audit)"
        )


def _bag_info(fields: list[tuple[str, str]], manifests: _Manifests) -> bytes:
    fields = [
        *fields,
        ("Payload-Oxum", f"{manifests.octets}.{manifests.count}"),
    ]
    lines = []
    for label, value in fields:
        value = " ".join(str(value).split())
        lines.append(f"{label}: {value}\n")
    return "".join(lines).encode()


def _tag_entries(
    tags: list[tuple[str, bytes]], manifests: _Manifests, info: list[tuple[str, str]]
) -> list[tuple[str, bytes]]:
    """bagit.txt, bag-info.txt, the manifests and other tag files, then the tag
    manifests over all of them."""
    entries = [
        ("bagit.txt", BAGIT_TXT),
        ("bag-info.txt", _bag_info(info, manifests)),
        *((f"manifest-{a}.txt", manifests.read(a)) for a in ALGORITHMS),
        *tags,
    ]
    for algorithm in ALGORITHMS:
        lines = "".join(
            f"{hashlib.new(algorithm, data).hexdigest()}  {name}\n"
            for name, data in entries
            if not name.startswith("tagmanifest-")
        )
        entries.append((f"tagmanifest-{algorithm}.txt", lines.encode()))
    return entries


class _Copier:
    """Two chunk buffers, made once per bag, and the thread that hashes."""

    def __init__(self, pool: ThreadPoolExecutor) -> None:
        self.pool = pool
        self.buffers = [bytearray(CHUNK), bytearray(CHUNK)]


def _copy_hashing(source: BinaryIO, fd: int, hasher, copier: _Copier) -> int:
    """Copy ``source`` to ``fd``, hashing each chunk in a thread while it is written."""
    buffers, pool = copier.buffers, copier.pool
    pending = None
    size = 0
    turn = 0
    while True:
        buffer = buffers[turn]
        count = source.readinto(buffer)
        if not count:
            break
        view = memoryview(buffer)[:count]
        if pending is not None:
            pending.result()
        pending = pool.submit(hasher.update, view)
        while view:
            view = view[os.write(fd, view) :]
        size += count
        turn ^= 1
    if pending is not None:
        pending.result()
    return size


def write_directory(
    target: Path,
    payload: Iterable[Payload],
    *,
    tags: Callable[[], list[tuple[str, bytes]]],
    info: Callable[[], list[tuple[str, str]]],
    progress: Callable[[Payload], None] = lambda p: None,
) -> BagResult:
    """Write the bag as the directory ``target`` (made under a temporary name, then
    renamed, so a failed export leaves nothing)."""
    if target.exists():
        raise BagError(f"{target} already exists")
    partial = target.with_name(target.name + ".partial")
    manifests = _Manifests()
    try:
        partial.mkdir(parents=True)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="bag-hash") as pool:
            copier = _Copier(pool)
            for entry in payload:
                manifests.add(_write_payload_file(partial, entry, copier))
                progress(entry)
        entries = _tag_entries(tags(), manifests, info())
        for name, data in entries:
            _check_path(name)
            (partial / name).parent.mkdir(parents=True, exist_ok=True)
            (partial / name).write_bytes(data)
        partial.rename(target)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    finally:
        manifests.close()
    tagmanifest = dict(entries)["tagmanifest-sha256.txt"]
    return BagResult(
        path=target,
        bag_sha256=hashlib.sha256(tagmanifest).hexdigest(),
        file_sha256="",
        payload_files=manifests.count,
        payload_bytes=manifests.octets,
        size=manifests.octets + sum(len(d) for _, d in entries),
    )


def _write_payload_file(root: Path, entry: Payload, copier: _Copier) -> Written:
    _check_path(entry.path)
    name = f"data/{entry.path}"
    destination = root / name
    destination.parent.mkdir(parents=True, exist_ok=True)
    if entry.data is not None:
        destination.write_bytes(entry.data)
        sha256, sha512 = _hash_both(entry.data)
        return Written(name, len(entry.data), sha256, sha512)
    fd = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        hasher = hashlib.sha256()
        with entry.open() as source:
            size = _copy_hashing(source, fd, hasher, copier)
    finally:
        os.close(fd)
    _check_digest(entry, hasher.hexdigest(), size)
    return Written(name, size, entry.sha256, entry.sha512)


def write_zip(
    target: Path,
    payload: Iterable[Payload],
    *,
    root: str,
    tags: Callable[[], list[tuple[str, bytes]]],
    info: Callable[[], list[tuple[str, str]]],
    progress: Callable[[Payload], None] = lambda p: None,
) -> BagResult:
    """Write the bag into the zip ``target`` with stream-zip, under the folder
    ``root``: every member is streamed, nothing is held whole."""
    from stream_zip import ZIP_AUTO, stream_zip

    if target.exists():
        raise BagError(f"{target} already exists")
    partial = target.with_name(target.name + ".partial")
    manifests = _Manifests()
    now = dt.datetime.now(dt.UTC)
    final: dict[str, bytes] = {}

    def members() -> Iterator:
        for entry in payload:
            _check_path(entry.path)
            size = entry.size if entry.data is None else len(entry.data)
            # Evidence is mostly compressed already (JPEG, MP4, PDF): store it.
            yield (
                f"{root}/data/{entry.path}",
                now,
                0o644,
                ZIP_AUTO(size, level=0),
                _payload_chunks(entry, manifests),
            )
            progress(entry)
        for name, data in _tag_entries(tags(), manifests, info()):
            final[name] = data
            yield f"{root}/{name}", now, 0o644, ZIP_AUTO(len(data)), (data,)

    digest = hashlib.sha256()
    size = 0
    try:
        with open(partial, "xb") as out:
            for chunk in stream_zip(members(), chunk_size=CHUNK):
                out.write(chunk)
                digest.update(chunk)
                size += len(chunk)
            out.flush()
            os.fsync(out.fileno())
        partial.rename(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        manifests.close()
    return BagResult(
        path=target,
        bag_sha256=hashlib.sha256(final["tagmanifest-sha256.txt"]).hexdigest(),
        file_sha256=digest.hexdigest(),
        payload_files=manifests.count,
        payload_bytes=manifests.octets,
        size=size,
    )


def _payload_chunks(entry: Payload, manifests: _Manifests) -> Iterator[bytes]:
    if entry.data is not None:
        yield entry.data
        sha256, sha512 = _hash_both(entry.data)
        manifests.add(Written(f"data/{entry.path}", len(entry.data), sha256, sha512))
        return
    hasher = hashlib.sha256()
    size = 0
    with entry.open() as source:
        while chunk := source.read(CHUNK):
            hasher.update(chunk)
            size += len(chunk)
            yield chunk
    _check_digest(entry, hasher.hexdigest(), size)
    manifests.add(Written(f"data/{entry.path}", size, entry.sha256, entry.sha512))
