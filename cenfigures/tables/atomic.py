"""Writes that land whole or not at all: one file (temporary file + rename) and one folder
(staging folder + an exchange of the two).

Every writer of the project goes through here: prep's data/ folder, the drafter's TOML and any
later editor of seeds/. A reader (or a killed writer) only ever sees the old version or the new.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path


def fsync_path(path: Path) -> None:
    """Flush a file (or a folder's entries) to the disk."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


# Files to flush from which one flush of the whole filesystem (syncfs) is faster than a fsync each:
# every fsync waits for the disk (3 ms each here: 16 s for the 5,000 article copies of a first build),
# syncfs waits once.
SYNC_FILESYSTEM_FROM = 64


def sync_filesystem(path: Path) -> bool:
    """Flush every file of the filesystem that holds `path` to the disk (Linux syncfs, by ctypes as
    renameat2 below); False where unsupported. Raises OSError when the flush fails."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    if not hasattr(libc, "syncfs"):
        return False
    descriptor = os.open(path, os.O_RDONLY)
    try:
        if libc.syncfs(descriptor) != 0:
            number = ctypes.get_errno()
            raise OSError(number, os.strerror(number), str(path))
    finally:
        os.close(descriptor)
    return True


def write_text_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside `path` and rename it over `path`: never a half-written file."""
    write_bytes_atomically(path, text.encode("utf-8"))


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """`write_text_atomically` for bytes (an article's original file, kept as it came)."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def exchange_directories(new: Path, target: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported.

    ctypes, because Python's os module has no renameat2 and a rename over a non-empty folder fails.
    """
    libc_name = ctypes.util.find_library("c")
    if not libc_name or not target.exists():
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    if not hasattr(libc, "renameat2"):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = libc.renameat2(at_fdcwd, os.fsencode(new), at_fdcwd, os.fsencode(target), rename_exchange)
    return result == 0


def replace_directory(out_dir: Path, fill: Callable[[Path], Iterable[Path] | None]) -> None:
    """Let `fill` write a staging folder beside `out_dir`, flush it, then put it in `out_dir`'s place
    whole, or leave `out_dir` as it was when anything fails (or the process is killed). `fill` may
    return the files it did not write but linked from a folder already on the disk: they need no flush."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-new-", dir=out_dir.parent))
    try:
        # mkdtemp makes the folder private (0700); the swapped-in folder keeps the old one's mode.
        staging.chmod(out_dir.stat().st_mode & 0o7777 if out_dir.exists() else 0o755)
        durable = set(fill(staging) or ())
        # Data reaches the disk before the swap shows it: a fsync per file, or one of the filesystem.
        written = [path for path in sorted(staging.rglob("*"), reverse=True) if path not in durable]
        if len(written) < SYNC_FILESYSTEM_FROM or not sync_filesystem(staging):
            for path in written:
                fsync_path(path)
            fsync_path(staging)
        if exchange_directories(staging, out_dir):
            shutil.rmtree(staging)  # now holds the previous version
            return
        previous = out_dir.with_name(f".{out_dir.name}-old-{os.getpid()}")
        if out_dir.exists():
            os.rename(out_dir, previous)
        try:
            os.rename(staging, out_dir)
        except BaseException:
            if previous.exists():  # put the previous version back
                os.rename(previous, out_dir)
            raise
        shutil.rmtree(previous, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
