"""Owner-only files: the database, backups and pending uploads hold observation text.

Modes are set explicitly (never left to the process umask, and SQLite would give a new database
0644 whatever the umask says), so another account on the server cannot read them.
"""

import os
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def private_folder(path: Path) -> Path:
    """Create `path` and any missing parents as 0700; an existing folder is left as it is."""
    missing = []
    for folder in (path, *path.parents):
        if folder.exists():
            break
        missing.append(folder)
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=FOLDER_MODE)
        except FileExistsError:
            continue  # created by another process in between
        os.chmod(folder, FOLDER_MODE)  # mkdir's mode is filtered through the umask
    return path


def ensure_private_file(path: Path) -> None:
    """Create `path` empty and 0600 if it is missing; take group and other access off if not."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        tighten(path, FILE_MODE)
        return
    os.fchmod(fd, FILE_MODE)  # exactly 0600, whatever the umask took away
    os.close(fd)


def write_private_file(path: Path, data: bytes) -> None:
    """Write a new 0600 file; it never exists with a wider mode, not even for a moment."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(fd, "wb") as handle:
        os.fchmod(handle.fileno(), FILE_MODE)
        handle.write(data)


def tighten(path: Path, mode: int) -> None:
    """Take group and other permissions off an existing file or folder this process owns."""
    try:
        status = path.stat()
    except FileNotFoundError:
        return
    if status.st_uid == os.geteuid() and status.st_mode & 0o077:
        os.chmod(path, status.st_mode & mode & 0o777)
