"""A streaming BagIt 1.0 writer (RFC 8493): into a directory, or a streamed zip.

Into a directory, stored blobs are copied in other threads while the export
goes on making the rest of the bag: by the kernel (``sendfile``, no pass through
Python) when the store is a local file, else streamed a chunk at a time; never
held whole in memory. Another thread reads each copy back from the bag: its
SHA-256 must be the one recorded at intake, or the export stops. The manifests'
SHA-256 and SHA-512 lines are the digests recorded at intake (the ones the custody
ledger committed to), so the court's bytes are checked against the archive's
record rather than hashed afresh into it. Files the export makes itself are
hashed with both. Manifest lines are spooled to temporary files and streamed from
there into the bag, so memory stays constant whatever the number of files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mmap
import os
import shutil
import stat
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

CHUNK = 8 * 1024 * 1024
CHECK_CHUNK = 8 * 1024 * 1024  # bytes of a copy mapped at once to check it
# Bytes of a zip made at once; an evidence file no larger is held whole to be
# stored in the zip as it is (no deflate pass), a larger one goes through deflate
# at level 0 a chunk at a time.
ZIP_CHUNK = 1024 * 1024
TAG_CHUNK = 1024 * 1024  # bytes of a spooled manifest read at once
COPIES_PENDING = 256  # files handed over but not yet copied and checked, at most
# Kernel copies run side by side: one thread leaves cores idle while the export
# waits on it (2 threads halve the copying on a 2-core machine).
COPY_THREADS = max(2, min(4, os.cpu_count() or 1))
WRITES_PENDING = 2  # chunks of a zip made but not yet written, at most
WRITEBACK_EVERY = 64 * 1024 * 1024  # bytes of a zip written before write-back starts
ALGORITHMS = ("sha256", "sha512")
BAGIT_TXT = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"


class BagError(Exception):
    """The bag could not be written; nothing partial is left behind."""


@dataclass(frozen=True)
class Payload:
    """A payload file at ``data/<path>``: ``data``; or ``chunks``, a file the export
    makes, streamed as it is made; or ``open``, a stored blob, with the size and
    digests recorded at intake."""

    path: str
    data: bytes | None = None
    open: Callable[[], BinaryIO] | None = None
    size: int = 0
    sha256: str = ""
    sha512: str = ""
    chunks: Callable[[], Iterable[bytes]] | None = None


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


@dataclass(frozen=True)
class _Tag:
    """A tag file: its size, and its bytes a chunk at a time (each call anew)."""

    name: str
    size: int
    chunks: Callable[[], Iterable[bytes]]

    @classmethod
    def of(cls, name: str, data: bytes) -> _Tag:
        return cls(name, len(data), lambda: (data,))

    def read(self) -> bytes:
        return b"".join(self.chunks())


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

    def tag(self, algorithm: str) -> _Tag:
        """``manifest-<algorithm>.txt``, streamed from its spool."""
        spool = self.files[algorithm]
        spool.flush()

        def chunks() -> Iterator[bytes]:
            spool.seek(0)
            while chunk := spool.read(TAG_CHUNK):
                yield chunk

        return _Tag(f"manifest-{algorithm}.txt", spool.seek(0, os.SEEK_END), chunks)

    def close(self) -> None:
        for spool in self.files.values():
            spool.close()


class _Digests:
    """Both digests and the size of a file made a chunk at a time."""

    def __init__(self) -> None:
        self.sha256 = hashlib.sha256()
        self.sha512 = hashlib.sha512()
        self.size = 0

    def update(self, chunk: bytes) -> None:
        self.sha256.update(chunk)
        self.sha512.update(chunk)
        self.size += len(chunk)

    def written(self, name: str) -> Written:
        return Written(
            name, self.size, self.sha256.hexdigest(), self.sha512.hexdigest()
        )


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
) -> list[_Tag]:
    """bagit.txt, bag-info.txt, the manifests and other tag files, then the tag
    manifests over all of them. The manifests (a line per payload file) are
    streamed from their spools, never held whole."""
    entries = [
        _Tag.of("bagit.txt", BAGIT_TXT),
        _Tag.of("bag-info.txt", _bag_info(info, manifests)),
        *(manifests.tag(a) for a in ALGORITHMS),
        *(_Tag.of(name, data) for name, data in tags),
    ]
    lines: dict[str, list[str]] = {a: [] for a in ALGORITHMS}
    for entry in entries:
        digests = _Digests()
        for chunk in entry.chunks():
            digests.update(chunk)
        for algorithm in ALGORITHMS:
            digest = getattr(digests, algorithm).hexdigest()
            lines[algorithm].append(f"{digest}  {entry.name}\n")
    for algorithm in ALGORITHMS:
        text = "".join(lines[algorithm]).encode()
        entries.append(_Tag.of(f"tagmanifest-{algorithm}.txt", text))
    return entries


class _DirectoryWriter:
    """Writes payload files under ``root``, folders made once each. Stored blobs
    are copied and checked in a second thread while this one goes on making the
    rest of the bag; ``progress`` is told of each file once it is done, in order."""

    def __init__(
        self,
        root: Path,
        copier: ThreadPoolExecutor,
        checker: ThreadPoolExecutor,
        progress: Callable[[Payload], None],
    ) -> None:
        self.root = root
        self.copier = copier
        self.checker = checker
        self.progress = progress
        self.folders: set[str] = set()
        self.pending: deque[tuple[Future | None, Payload]] = deque()

    def path(self, name: str) -> str:
        """The path of the file ``name`` (relative to the bag), its folder made."""
        _check_path(name)
        destination = os.path.join(self.root, name)
        folder = os.path.dirname(destination)
        if folder not in self.folders:
            os.makedirs(folder, exist_ok=True)
            self.folders.add(folder)
        return destination

    def write_bytes(self, name: str, data: bytes) -> None:
        self.write_tag(_Tag.of(name, data))

    def write_tag(self, tag: _Tag) -> None:
        fd = _create(self.path(tag.name))
        try:
            for chunk in tag.chunks():
                _write_all(fd, chunk)
        finally:
            os.close(fd)

    def write(self, entry: Payload) -> Written:
        name = f"data/{entry.path}"
        if entry.data is not None:
            self.write_bytes(name, entry.data)
            sha256, sha512 = _hash_both(entry.data)
            written = Written(name, len(entry.data), sha256, sha512)
            future = None
        elif entry.chunks is not None:
            written = self._write_chunks(name, entry.chunks())
            future = None
        else:
            future = self.copier.submit(_copy, self.path(name), entry, self.checker)
            written = Written(name, entry.size, entry.sha256, entry.sha512)
        self.pending.append((future, entry))
        self._settle(COPIES_PENDING)
        return written

    def _write_chunks(self, name: str, chunks: Iterable[bytes]) -> Written:
        fd = _create(self.path(name))
        digests = _Digests()
        try:
            for chunk in chunks:
                _write_all(fd, chunk)
                digests.update(chunk)
        finally:
            os.close(fd)
        return digests.written(name)

    def _settle(self, keep: int) -> None:
        """Wait for the oldest files until ``keep`` are left; a failure is raised."""
        while len(self.pending) > keep:
            future, entry = self.pending.popleft()
            if future is not None:
                future.result().result()  # copied, then checked
            self.progress(entry)

    def finish(self) -> None:
        self._settle(0)

    def abandon(self) -> None:
        """After a failure: cancel the copies not started, wait for the others."""
        while self.pending:
            future, _ = self.pending.popleft()
            if future is not None and not future.cancel() and not future.exception():
                check = future.result()
                if not check.cancel():
                    check.exception()


def _create(path: str) -> int:
    return os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)


def _copy(destination: str, entry: Payload, checker: ThreadPoolExecutor) -> Future:
    """Copy a stored blob to ``destination``; hand the copy to the checker."""
    fd = _create(destination)
    try:
        with entry.open() as source:
            source_fd = _regular_file(source)
            if source_fd is not None:
                offset = source.tell()
                while sent := os.sendfile(fd, source_fd, offset, 1 << 30):
                    offset += sent
            else:
                while chunk := source.read(CHUNK):
                    _write_all(fd, chunk)
        return checker.submit(_check, fd, entry)
    except BaseException:
        os.close(fd)
        raise


def _check(fd: int, entry: Payload) -> None:
    """Hash the copy in the bag (the bytes the court gets) and compare with the
    digest recorded at intake; closes ``fd``.

    The copy is mapped a window at a time and hashed where it lies in the page
    cache, not copied out first; only a window is resident at once."""
    hasher = hashlib.sha256()
    try:
        size = os.fstat(fd).st_size
        for offset in range(0, size, CHECK_CHUNK):
            length = min(CHECK_CHUNK, size - offset)
            with mmap.mmap(fd, length, prot=mmap.PROT_READ, offset=offset) as window:
                hasher.update(window)
    finally:
        os.close(fd)
    _check_digest(entry, hasher.hexdigest(), size)


def _regular_file(source: BinaryIO) -> int | None:
    """The descriptor of ``source`` if it is a plain local file, else None."""
    try:
        fd = source.fileno()
    except (AttributeError, OSError, ValueError):
        return None
    return fd if stat.S_ISREG(os.fstat(fd).st_mode) else None


def _write_all(fd: int, data) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


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
        with (
            ThreadPoolExecutor(1, thread_name_prefix="bag-check") as checker,
            ThreadPoolExecutor(COPY_THREADS, thread_name_prefix="bag-copy") as copier,
        ):
            writer = _DirectoryWriter(partial, copier, checker, progress)
            try:
                for entry in payload:
                    manifests.add(writer.write(entry))
                writer.finish()
                entries = _tag_entries(tags(), manifests, info())
                for tag in entries:
                    writer.write_tag(tag)
            except BaseException:
                writer.abandon()
                raise
        partial.rename(target)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    finally:
        manifests.close()
    tagmanifest = {t.name: t for t in entries}["tagmanifest-sha256.txt"].read()
    return BagResult(
        path=target,
        bag_sha256=hashlib.sha256(tagmanifest).hexdigest(),
        file_sha256="",
        payload_files=manifests.count,
        payload_bytes=manifests.octets,
        size=manifests.octets + sum(t.size for t in entries),
    )


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
    from stream_zip import NO_COMPRESSION_64, ZIP_64, ZIP_AUTO, stream_zip

    if target.exists():
        raise BagError(f"{target} already exists")
    partial = target.with_name(target.name + ".partial")
    manifests = _Manifests()
    now = dt.datetime.now(dt.UTC)
    final: dict[str, _Tag] = {}

    def members(checker: _Behind) -> Iterator:
        for entry in payload:
            _check_path(entry.path)
            if entry.chunks is not None:
                # Made by the export (metadata, custody): size unknown until made.
                method = ZIP_64
            else:
                size = entry.size if entry.data is None else len(entry.data)
                # Evidence is mostly compressed already (JPEG, MP4, PDF): store it.
                if size <= ZIP_CHUNK:
                    method = NO_COMPRESSION_64
                else:
                    method = ZIP_AUTO(size, level=0)
            yield (
                f"{root}/data/{entry.path}",
                now,
                0o644,
                method,
                _payload_chunks(entry, manifests, checker),
            )
            progress(entry)
        checker.drain()
        for tag in _tag_entries(tags(), manifests, info()):
            final[tag.name] = tag
            yield f"{root}/{tag.name}", now, 0o644, ZIP_AUTO(tag.size), tag.chunks()

    try:
        with _Behind("bag-check") as checker:
            file_sha256, size = _write_file(
                partial, stream_zip(members(checker), chunk_size=ZIP_CHUNK)
            )
        if "tagmanifest-sha256.txt" not in final:
            # The zip writer stopped before the last member without an error.
            raise BagError(f"{target.name}: the zip ended early; nothing was kept")
        partial.rename(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        manifests.close()
    return BagResult(
        path=target,
        bag_sha256=hashlib.sha256(final["tagmanifest-sha256.txt"].read()).hexdigest(),
        file_sha256=file_sha256,
        payload_files=manifests.count,
        payload_bytes=manifests.octets,
        size=size,
    )


class _Behind:
    """Calls run one after another in a background thread, at most ``limit``
    waiting; the first failure is raised by a later ``submit`` or by ``drain``."""

    def __init__(self, name: str, limit: int = 2) -> None:
        self.pool = ThreadPoolExecutor(1, thread_name_prefix=name)
        self.pending: deque[Future] = deque()
        self.limit = limit

    def submit(self, call: Callable, *args) -> None:
        self.pending.append(self.pool.submit(call, *args))
        while len(self.pending) > self.limit:
            self.pending.popleft().result()

    def drain(self) -> None:
        while self.pending:
            self.pending.popleft().result()

    def __enter__(self) -> _Behind:
        return self

    def __exit__(self, *exc) -> None:
        self.pool.shutdown(wait=True, cancel_futures=exc[0] is not None)


def _write_file(path: Path, chunks: Iterable[bytes]) -> tuple[str, int]:
    """Write ``chunks`` to the new file ``path`` and make it durable; return its
    SHA-256 and size.

    A second thread writes and hashes each chunk while this one makes the next;
    the kernel is asked to start writing each stretch to disk as soon as it is
    written, so the final ``fsync`` does not wait for the whole file."""
    digest = hashlib.sha256()
    size = synced = 0
    with open(path, "xb") as out:
        fd = out.fileno()

        def put(chunk: bytes, end: int) -> None:
            nonlocal synced
            _write_all(fd, chunk)
            digest.update(chunk)
            if end - synced >= WRITEBACK_EVERY:
                # Starts write-back of the dirty stretch without waiting for it.
                os.posix_fadvise(fd, synced, end - synced, os.POSIX_FADV_DONTNEED)
                synced = end

        with _Behind("bag-write", WRITES_PENDING) as writer:
            for chunk in chunks:
                size += len(chunk)
                writer.submit(put, chunk, size)
            writer.drain()
        os.fsync(fd)
    return digest.hexdigest(), size


def _payload_chunks(
    entry: Payload, manifests: _Manifests, checker: _Behind
) -> Iterator[bytes]:
    if entry.chunks is not None:
        digests = _Digests()
        for chunk in entry.chunks():
            digests.update(chunk)
            yield chunk
        manifests.add(digests.written(f"data/{entry.path}"))
        return
    if entry.data is not None:
        yield entry.data
        sha256, sha512 = _hash_both(entry.data)
        manifests.add(Written(f"data/{entry.path}", len(entry.data), sha256, sha512))
        return
    # Hashed in the checker's thread while this one zips; a mismatch is raised
    # a file or two later, and always before the zip is complete.
    hasher = hashlib.sha256()
    size = 0
    with entry.open() as source:
        while chunk := source.read(ZIP_CHUNK):
            checker.submit(hasher.update, chunk)
            size += len(chunk)
            yield chunk
    checker.submit(lambda: _check_digest(entry, hasher.hexdigest(), size))
    manifests.add(Written(f"data/{entry.path}", size, entry.sha256, entry.sha512))
