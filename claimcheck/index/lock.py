"""One writer at a time per index, across processes: builds, adds and removes.

The lock is an ``fcntl.flock`` on ``write.lock`` in the index folder. The kernel drops it when
the holder exits, however it exits (kill -9 included), so a lock is never "stale" and no pid
is ever guessed at; the holder's pid is written into the file (one ``pwrite`` of a few bytes)
only so that a waiting writer can say whom it waits for. The file is never deleted while in
use: a writer that takes the lock checks that the file it locked is still the one at the
path (a failed first build removes its own empty folder, lock file included).

While a writer holds the lock, SIGTERM is turned into :class:`Terminated` (a
``KeyboardInterrupt``), so a terminated writer cleans up its unfinished generation like an
interrupted one; from the switch to the new generation on (:func:`hold_signals`), SIGINT and
SIGTERM no longer stop it: the change is made, so the command finishes and reports it.

``CLAIMCHECK_PAUSE_AT`` names points where a writer pauses (tests kill it there)::

    CLAIMCHECK_PAUSE_AT=staged CLAIMCHECK_PAUSE_DIR=/tmp/x claimcheck index add ...

At a named point the writer creates ``$CLAIMCHECK_PAUSE_DIR/<point>.reached`` (holding its
pid) and waits until ``<point>.go`` appears there.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

from ..errors import IndexLockedError

__all__ = [
    "LOCK",
    "Terminated",
    "hold_signals",
    "lock_holder",
    "pause_point",
    "release_signals",
    "write_lock",
]

LOCK = "write.lock"
POINTS = ("locked", "staged", "embedded", "renamed", "switched")


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived while a writer held the lock."""


_state: dict[str, Any] = {"critical": False, "pending": None}


def pause_point(name: str) -> None:
    """Pause here when ``CLAIMCHECK_PAUSE_AT`` names this point (a test hook; see above)."""
    wanted = os.environ.get("CLAIMCHECK_PAUSE_AT", "")
    if name not in wanted.split(","):
        return
    folder = Path(os.environ.get("CLAIMCHECK_PAUSE_DIR", "."))
    tmp = folder / f".{name}.reached.tmp"
    tmp.write_text(str(os.getpid()), encoding="utf-8")
    os.replace(tmp, folder / f"{name}.reached")
    while not (folder / f"{name}.go").exists():
        time.sleep(0.02)


def _read_pid(path: Path) -> int | None:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def lock_holder(index_dir: Path) -> int | None:
    """The pid of the writer holding the index's lock now, 0 if its pid is unknown, or None
    when no writer holds it. Takes nothing: a shared probe, released at once."""
    path = index_dir / LOCK
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return _read_pid(path) or 0
    finally:
        os.close(fd)
    return None


def _who(pid: int | None) -> str:
    return f"another writer (pid {pid})" if pid else "another writer"


def _on_signal(signum: int, frame: FrameType | None) -> None:
    if _state["critical"]:
        _state["pending"] = signum
        return
    if signum == signal.SIGTERM:
        raise Terminated
    raise KeyboardInterrupt


def hold_signals() -> None:
    """From here on SIGINT and SIGTERM no longer stop the writer (until
    :func:`release_signals`): called as a change commits, so that the command finishes and
    reports what it committed, and no message says "nothing was changed" of a change made."""
    _state["critical"] = True


def release_signals() -> None:
    _state["critical"] = False
    _state["pending"] = None


@contextlib.contextmanager
def _signals() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
    for s in previous:
        signal.signal(s, _on_signal)
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


@contextlib.contextmanager
def write_lock(
    index_dir: Path, *, wait: bool = True, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the index's write lock for the block (creating the folder if need be).

    Another writer holding it: with ``wait``, call ``on_wait`` with a message and wait;
    else raise IndexLockedError at once.
    """
    path = index_dir / LOCK
    with _signals():
        while True:
            index_dir.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    who = _who(_read_pid(path))
                    if not wait:
                        raise IndexLockedError(
                            f"{who} is changing {index_dir}; wait for it to finish, or run "
                            "the command again without --no-wait to wait for it"
                        ) from None
                    if on_wait is not None:
                        on_wait(f"waiting for {who} to finish changing {index_dir} …")
                    fcntl.flock(fd, fcntl.LOCK_EX)
                try:
                    same = os.stat(path).st_ino == os.fstat(fd).st_ino
                except FileNotFoundError:
                    same = False
            except BaseException:
                os.close(fd)
                raise
            if same:
                break
            os.close(fd)  # the folder was removed under us by a failed first build: again
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
            pause_point("locked")
            yield
        finally:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            os.close(fd)


def release_folder(index_dir: Path) -> None:
    """Remove an index folder that holds nothing but its lock file (a failed first build),
    while the caller still holds the lock; a writer waiting on it then starts afresh."""
    try:
        names = {p.name for p in index_dir.iterdir()}
    except OSError:
        return
    if names <= {LOCK}:
        with contextlib.suppress(OSError):
            (index_dir / LOCK).unlink(missing_ok=True)
            index_dir.rmdir()
