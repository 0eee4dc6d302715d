"""Nothing lost, nothing hangs: faults injected into index writers, readers and review sessions.

Writers run as real `claimcheck` processes, paused at a named point by the
``CLAIMCHECK_PAUSE_AT`` hook (``claimcheck/index/lock.py``) and killed or released there, so
every kill lands exactly where the test says, with no sleeps.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from claimcheck import Embedder, Settings, build_index, load_index
from claimcheck.cli import app
from claimcheck.errors import IndexCorruptError, IndexLockedError, InputError
from claimcheck.index import Index
from claimcheck.index.manage import add_sources, remove_sources
from claimcheck.index.open import current_generation, read_manifest
from claimcheck.types import Report

CLI = Path(sys.executable).with_name("claimcheck")
runner = CliRunner()


def _sources(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(
        "Revenue rose 16% to $11.08 billion. Profit rose to $3.1 billion.", encoding="utf-8"
    )
    (src / "b.txt").write_text("Rain is expected in Rome on Saturday.", encoding="utf-8")
    return src


def _file(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / f"in-{name}-{len(text)}"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _docs(idx: Path) -> set[str]:
    index = load_index(idx)
    try:
        return set(index.store.document_sources().values())
    finally:
        index.close()


def _live_copies(idx: Path) -> set[str]:
    gen = current_generation(idx)
    assert gen is not None
    folder = gen / "added"
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()


@pytest.fixture
def index(tmp_path: Path, embedder: Embedder) -> Path:
    idx = tmp_path / "idx"
    build_index([_sources(tmp_path)], idx, embedder=embedder, settings=Settings())
    return idx


class Paused:
    """A `claimcheck` writer process stopped at a named point of its write."""

    def __init__(self, tmp_path: Path, point: str, *args: str) -> None:
        self.folder = tmp_path / f"pause-{point}-{time.monotonic_ns()}"
        self.folder.mkdir()
        self.point = point
        env = {**os.environ, "CLAIMCHECK_PAUSE_AT": point, "CLAIMCHECK_PAUSE_DIR": str(self.folder)}
        self.proc = subprocess.Popen(
            [str(CLI), *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        reached = self.folder / f"{point}.reached"
        deadline = time.monotonic() + 120
        while not reached.exists():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                out, err = self.proc.communicate()
                raise AssertionError(f"the writer never reached {point}: {out}{err}")
            time.sleep(0.02)

    def kill(self, sig: int) -> tuple[int, str]:
        self.proc.send_signal(sig)
        _, err = self.proc.communicate(timeout=60)
        return self.proc.returncode, err

    def go(self) -> tuple[int, str, str]:
        (self.folder / f"{self.point}.go").write_text("", encoding="utf-8")
        out, err = self.proc.communicate(timeout=120)
        return self.proc.returncode, out, err


# --- lost documents -------------------------------------------------------------------------


def test_failed_add_keeps_the_earlier_copy_of_the_same_name(
    index: Path, tmp_path: Path, embedder: Embedder
) -> None:
    good = _file(tmp_path, "memo.txt", "The harbour bridge will close for repairs in March.")
    add_sources(index, [str(good)], embedder=embedder, settings=Settings())
    bad = tmp_path / "other" / "memo.txt"
    bad.parent.mkdir()
    bad.write_bytes(b"\x00\x01binary")
    with pytest.raises(InputError, match="cannot add"):
        add_sources(index, [str(bad)], embedder=embedder, settings=Settings())
    assert "memo.txt" in _docs(index) and "memo.txt" in _live_copies(index)
    gen = current_generation(index)
    assert gen is not None
    assert "harbour bridge" in (gen / "added" / "memo.txt").read_text(encoding="utf-8")
    assert sorted(p.name for p in index.glob("gen-*")) == [gen.name]  # nothing staged is left


def test_cli_add_of_an_unreadable_file_is_a_one_line_error(index: Path, tmp_path: Path) -> None:
    bad = tmp_path / "scan.txt"
    bad.write_bytes(b"\x00\x01\x02")
    result = runner.invoke(app, ["index", "add", str(bad), "--index", str(index)])
    assert result.exit_code == 1 and "Indexed" not in result.stdout
    assert result.stderr.startswith("Error: cannot add") and result.stderr.count("\n") == 1
    assert _docs(index) == {"a.txt", "b.txt"}


def test_cli_add_without_read_permission_is_a_one_line_error(
    index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = _file(tmp_path, "secret.txt", "The mayor resigned on Tuesday.")
    if os.geteuid() != 0:  # root reads anything: there the refusal is simulated
        secret.chmod(0)
    else:
        real = Path.open

        def refuse(self: Path, *args: object, **kw: object) -> object:
            if self == secret:
                raise PermissionError(13, "Permission denied", str(self))
            return real(self, *args, **kw)  # type: ignore[call-overload]

        monkeypatch.setattr(Path, "open", refuse)
    result = runner.invoke(app, ["index", "add", str(secret), "--index", str(index)])
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"Error: cannot read {secret}: permission denied")
    assert "Traceback" not in result.output and result.stderr.count("\n") == 1
    assert _docs(index) == {"a.txt", "b.txt"}


def test_build_of_sources_keeps_added_documents_and_status_says_so(
    index: Path, tmp_path: Path, embedder: Embedder
) -> None:
    extra = _file(tmp_path, "memo.txt", "The harbour bridge will close for repairs in March.")
    add_sources(index, [str(extra)], embedder=embedder, settings=Settings())
    result = runner.invoke(app, ["index", "build", str(tmp_path / "src"), "-i", str(index), "-q"])
    assert result.exit_code == 0, result.output
    assert "Kept 1 document(s) added with `index add`" in result.stdout
    assert _docs(index) == {"a.txt", "b.txt", "memo.txt"}
    status = runner.invoke(app, ["index", "status", "-i", str(index)])
    assert "1 document(s) added" in status.stdout and "Up to date" in status.stdout
    (tmp_path / "src" / "b.txt").write_text("Snow in Oslo on Sunday.", encoding="utf-8")
    status = runner.invoke(app, ["index", "status", "-i", str(index)])
    assert "changed since this build: b.txt" in status.stdout and "Up to date" not in status.stdout


def test_remove_of_a_source_document_stays_removed_and_shows_in_status(
    index: Path, tmp_path: Path, embedder: Embedder
) -> None:
    remove_sources(index, ["b.txt"], embedder=embedder, settings=Settings())
    build_index([tmp_path / "src"], index, embedder=embedder, settings=Settings())
    assert _docs(index) == {"a.txt"}
    status = runner.invoke(app, ["index", "status", "-i", str(index)])
    assert "Taken out with `index remove`: b.txt" in status.stdout
    assert "new since this build" not in status.stdout and "Up to date" in status.stdout


def test_moved_and_copied_index_add_and_remove_work(
    index: Path, tmp_path: Path, embedder: Embedder
) -> None:
    memo = _file(tmp_path, "memo.txt", "The harbour bridge will close for repairs in March.")
    add_sources(index, [str(memo)], embedder=embedder, settings=Settings())
    moved = tmp_path / "moved"
    shutil.move(index, moved)
    shutil.rmtree(tmp_path / "src")  # and the sources are not on this disk any more
    copy = tmp_path / "copy"
    shutil.copytree(moved, copy)
    removed = remove_sources(copy, ["memo.txt"], embedder=embedder, settings=Settings())
    assert removed.removed == 1 and _docs(copy) == {"a.txt", "b.txt"}
    assert _docs(moved) == {"a.txt", "b.txt", "memo.txt"}  # the original is untouched
    note = _file(tmp_path, "note.txt", "The council meets on Thursday evening.")
    added = add_sources(moved, [str(note)], embedder=embedder, settings=Settings())
    assert added.embedded == 1 and _docs(moved) == {"a.txt", "b.txt", "memo.txt", "note.txt"}
    assert all(not Path(s).is_absolute() or "idx" not in s for s in read_manifest(moved)["sources"])


def test_index_from_before_generations_held_copies_is_migrated(
    index: Path, tmp_path: Path, embedder: Embedder
) -> None:
    """An index whose added copies sit in ``added/`` beside a manifest without ``added``:
    what was indexed is carried into the next generation, a killed add's leftovers are not."""
    memo = _file(tmp_path, "memo.txt", "The harbour bridge will close for repairs in March.")
    add_sources(index, [str(memo)], embedder=embedder, settings=Settings())
    gen = current_generation(index)
    assert gen is not None
    shutil.move(gen / "added", index / "added")
    manifest = json.loads((gen / "manifest.json").read_text(encoding="utf-8"))
    del manifest["added"], manifest["excluded"]
    (gen / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (index / "added" / "leftover.txt").write_text("Half a copy from a kill", encoding="utf-8")
    note = _file(tmp_path, "note.txt", "The council meets on Thursday evening.")
    add_sources(index, [str(note)], embedder=embedder, settings=Settings())
    assert _docs(index) == {"a.txt", "b.txt", "memo.txt", "note.txt"}
    assert not (index / "added").exists()


# --- kills at chosen points -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("point", "sig"),
    [("staged", signal.SIGKILL), ("embedded", signal.SIGTERM), ("renamed", signal.SIGKILL)],
)
def test_killed_add_changes_nothing_and_leaves_nothing_that_is_indexed_later(
    index: Path, tmp_path: Path, embedder: Embedder, point: str, sig: int
) -> None:
    memo = _file(tmp_path, "memo.txt", "The harbour bridge will close for repairs in March.")
    add_sources(index, [str(memo)], embedder=embedder, settings=Settings())
    before = current_generation(index)
    again = _file(tmp_path, "memo.txt", "A second memo that replaces the first one, truncated")
    extra = _file(tmp_path, "extra.txt", "The ferry to the island is cancelled this week.")
    writer = Paused(tmp_path, point, "index", "add", str(again), str(extra), "-i", str(index))
    status = runner.invoke(app, ["index", "status", "-i", str(index)])
    assert "Pending: a build, add or remove" in status.stdout and "Up to date" not in status.stdout
    code, err = writer.kill(sig)
    if sig == signal.SIGTERM:  # cleaned up after itself, and said so honestly
        assert code == 130 and "Interrupted; nothing was changed." in err
        assert sorted(p.name for p in index.glob("gen-*")) == [before.name]  # type: ignore[union-attr]
    else:
        status = runner.invoke(app, ["index", "status", "-i", str(index)])
        assert "Pending: unfinished" in status.stdout and "Up to date" not in status.stdout
    assert current_generation(index) == before
    assert _docs(index) == {"a.txt", "b.txt", "memo.txt"}
    assert "harbour bridge" in (before / "added" / "memo.txt").read_text("utf-8")  # type: ignore[operator]
    # The next, unrelated change indexes nothing the killed add left behind, and clears it.
    note = _file(tmp_path, "note.txt", "The council meets on Thursday evening.")
    add_sources(index, [str(note)], embedder=embedder, settings=Settings())
    assert _docs(index) == {"a.txt", "b.txt", "memo.txt", "note.txt"}
    assert _live_copies(index) == {"memo.txt", "note.txt"}
    assert len(list(index.glob("gen-*"))) == 1


def test_killed_remove_is_not_recorded(index: Path, tmp_path: Path, embedder: Embedder) -> None:
    writer = Paused(tmp_path, "embedded", "index", "remove", "b.txt", "-i", str(index))
    writer.kill(signal.SIGKILL)
    note = _file(tmp_path, "note.txt", "The council meets on Thursday evening.")
    add_sources(index, [str(note)], embedder=embedder, settings=Settings())
    build_index([tmp_path / "src"], index, embedder=embedder, settings=Settings())
    assert _docs(index) == {"a.txt", "b.txt", "note.txt"}


def test_kill_after_the_switch_serves_the_new_generation(index: Path, tmp_path: Path) -> None:
    memo = _file(tmp_path, "memo.txt", "The harbour bridge will close for repairs in March.")
    writer = Paused(tmp_path, "switched", "index", "add", str(memo), "-i", str(index))
    writer.kill(signal.SIGKILL)
    assert _docs(index) == {"a.txt", "b.txt", "memo.txt"}
    check = runner.invoke(app, ["index", "check", "-i", str(index)])
    assert check.exit_code == 0, check.output


def test_sigterm_during_the_switch_finishes_the_change(index: Path, tmp_path: Path) -> None:
    memo = _file(tmp_path, "memo.txt", "The harbour bridge will close for repairs in March.")
    writer = Paused(tmp_path, "switched", "index", "add", str(memo), "-i", str(index))
    writer.proc.send_signal(signal.SIGTERM)
    code, out, err = writer.go()
    assert code == 0 and "Indexed 3 documents" in out and "nothing was changed" not in err
    assert _docs(index) == {"a.txt", "b.txt", "memo.txt"}


# --- two writers ----------------------------------------------------------------------------


def test_second_writer_waits_with_a_message_or_fails_with_no_wait(
    index: Path, tmp_path: Path, embedder: Embedder
) -> None:
    memo = _file(tmp_path, "memo.txt", "The harbour bridge will close for repairs in March.")
    writer = Paused(tmp_path, "locked", "index", "add", str(memo), "-i", str(index))
    pid = writer.proc.pid
    refused = runner.invoke(app, ["index", "remove", "b.txt", "-i", str(index), "--no-wait"])
    assert refused.exit_code == 1
    assert refused.stderr.startswith(f"Error: another writer (pid {pid}) is changing")
    with pytest.raises(IndexLockedError):
        build_index([tmp_path / "src"], index, embedder=embedder, settings=Settings(), wait=False)
    told: list[str] = []
    second = threading.Thread(
        target=remove_sources,
        args=(index, ["b.txt"]),
        kwargs={"embedder": embedder, "settings": Settings(), "on_wait": told.append},
    )
    second.start()
    while not told:
        time.sleep(0.02)
    assert told == [f"waiting for another writer (pid {pid}) to finish changing {index} …"]
    assert second.is_alive()
    code, _, _ = writer.go()
    second.join(120)
    assert code == 0 and not second.is_alive()
    assert _docs(index) == {"a.txt", "memo.txt"}  # both changes made, one after the other


def test_failed_first_build_does_not_delete_a_waiting_first_build(
    tmp_path: Path, embedder: Embedder
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "blank.txt").write_text("   \n", encoding="utf-8")
    idx = tmp_path / "new"
    failing = Paused(tmp_path, "locked", "index", "build", str(empty), "-i", str(idx), "-q")
    result: list[object] = []

    def second() -> None:
        result.append(
            build_index([_sources(tmp_path)], idx, embedder=embedder, settings=Settings())
        )

    thread = threading.Thread(target=second)
    thread.start()
    code, _, err = failing.go()
    thread.join(120)
    assert code == 1 and err.startswith("Error:")
    assert result and _docs(idx) == {"a.txt", "b.txt"}  # the second build's work is all there


# --- readers across a switch ----------------------------------------------------------------


def test_reader_across_a_switch_retries_and_corrupt_means_corrupt(
    index: Path, tmp_path: Path, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimcheck.index import open as open_mod

    real = open_mod._open_generation
    calls: list[str] = []
    building: list[bool] = []

    def switch_first(path: Path, gen: Path) -> object:
        if building:
            return real(path, gen)  # the build's own read of the live generation
        calls.append(gen.name)
        if len(calls) == 1:  # a build switches and retires this generation meanwhile
            building.append(True)
            build_index([tmp_path / "src"], index, embedder=embedder, settings=Settings())
            building.clear()
            assert not gen.exists()
        return real(path, gen)

    monkeypatch.setattr(open_mod, "_open_generation", switch_first)
    reader = load_index(index)
    assert calls == ["gen-000001", "gen-000002"] and reader.manifest["generation"] == 2
    reader.close()
    monkeypatch.undo()
    gen = current_generation(index)
    assert gen is not None
    (gen / "vectors.faiss").write_bytes(b"not faiss")  # a generation truly damaged
    with pytest.raises(IndexCorruptError):
        load_index(index)


def test_status_runs_while_builds_switch_generations(index: Path, tmp_path: Path) -> None:
    stop = threading.Event()
    errors: list[str] = []

    def read_loop() -> None:
        while not stop.is_set():
            try:
                load_index(index).close()
            except Exception as exc:  # any error here is the defect
                errors.append(repr(exc))

    readers = [threading.Thread(target=read_loop) for _ in range(2)]
    for r in readers:
        r.start()
    try:
        for _ in range(4):
            result = subprocess.run(
                [str(CLI), "index", "build", str(tmp_path / "src"), "-i", str(index), "-q"],
                capture_output=True, text=True, timeout=120,
            )  # fmt: skip
            assert result.returncode == 0, result.stderr
    finally:
        stop.set()
        for r in readers:
            r.join(30)
    assert errors == []


# --- full disk ------------------------------------------------------------------------------


def _limited(limit: int) -> None:
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs POSIX resource limits")
@pytest.mark.parametrize("size", [300_000, 60_000])  # the copy fails; the store or vectors fail
def test_full_disk_is_a_one_line_error_and_the_index_is_unchanged(
    index: Path, tmp_path: Path, size: int
) -> None:
    words = "The harbour bridge will close for repairs in March and April. "
    big = _file(tmp_path, "big.txt", (words * (size // len(words) + 1))[:size])
    before = current_generation(index)
    result = subprocess.run(
        [str(CLI), "index", "add", str(big), "-i", str(index)],
        capture_output=True, text=True, timeout=120, preexec_fn=lambda: _limited(100_000),
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith(f"Error: cannot write the index at {index}: ")
    assert "free some disk space" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert current_generation(index) == before and _docs(index) == {"a.txt", "b.txt"}
    assert sorted(p.name for p in index.glob("gen-*")) == [before.name]  # type: ignore[union-attr]


@pytest.fixture
def small_filesystem(tmp_path: Path) -> Iterator[Path]:
    """A 2 MiB tmpfs, where the platform lets this process mount one (root on Linux)."""
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a small filesystem here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_really_full_filesystem_is_a_one_line_error(
    small_filesystem: Path, tmp_path: Path, embedder: Embedder
) -> None:
    idx = small_filesystem / "idx"
    build_index([_sources(tmp_path)], idx, embedder=embedder, settings=Settings())
    filler = small_filesystem / "filler"
    with filler.open("wb") as fh, pytest.raises(OSError):
        while True:
            fh.write(b"\0" * 65536)
            fh.flush()
    filler.unlink()
    filler.write_bytes(b"\0" * (2 * 1024 * 1024 - 200_000))  # leave too little for the add
    big = _file(tmp_path, "big.txt", "The harbour bridge will close in March. " * 6000)
    result = runner.invoke(app, ["index", "add", str(big), "-i", str(idx)])
    assert result.exit_code == 1 and "No space left on device" in result.stderr
    assert result.stderr.count("\n") == 1
    assert _docs(idx) == {"a.txt", "b.txt"}


# --- review sessions ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def review_report(sample_index: Index, embedder: Embedder) -> Report:
    from claimcheck import verify
    from tests.conftest import SAMPLE_DRAFTS

    return verify(
        SAMPLE_DRAFTS / "ai_in_production_roundup.md",
        index=sample_index, embedder=embedder, settings=Settings(),
    )  # fmt: skip


@pytest.fixture
def report_path(review_report: Report, tmp_path: Path) -> Path:
    from claimcheck.report import save_report

    path = tmp_path / "report.json"
    save_report(review_report, path)
    return path


class ReviewProcess:
    """`claimcheck review` in its own process; ``api`` is its URL base with the token."""

    def __init__(self, report: Path) -> None:
        self.proc = subprocess.Popen(
            [str(CLI), "review", str(report)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert self.proc.stdout is not None
        url = ""
        while not url.startswith("http://127.0.0.1:"):
            url = self.proc.stdout.readline().strip()
            assert url or self.proc.poll() is None, self.proc.communicate()
        base, token = url.split("/?token=")
        self.decisions = f"{base}/api/decisions?token={token}"
        self.report = f"{base}/api/report?token={token}"
        for _ in range(100):
            try:
                httpx.get(self.report).raise_for_status()
                break
            except httpx.ConnectError:
                time.sleep(0.05)

    def decide(self, sid: str, decision: str = "confirmed", who: str = "Eve") -> httpx.Response:
        body = {"statement_id": sid, "decision": decision, "reviewer": who}
        return httpx.post(self.decisions, json=body, timeout=30)

    def stop(self) -> str:
        self.proc.send_signal(signal.SIGINT)
        _, err = self.proc.communicate(timeout=30)
        return err


def test_two_review_sessions_at_once_lose_no_decision(
    report_path: Path, review_report: Report
) -> None:
    from claimcheck.report import load_report

    ids = [j.statement.id for j in review_report.judgments]
    assert len(ids) >= 8
    sessions = [ReviewProcess(report_path), ReviewProcess(report_path)]
    answers: list[int] = []
    try:

        def work(k: int) -> None:
            for sid in ids[k::2]:
                answers.append(sessions[k].decide(sid, who=f"editor {k}").status_code)

        threads = [threading.Thread(target=work, args=(k,)) for k in (0, 1)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
    finally:
        errs = [s.stop() for s in sessions]
    assert answers == [200] * len(ids)
    reviews = load_report(report_path).reviews
    assert sorted(reviews) == sorted(ids)  # every acknowledged decision is in the file
    assert all(reviews[sid].reviewer == f"editor {i % 2}" for i, sid in enumerate(ids))
    counts = sorted(len(ids[k::2]) for k in (0, 1))
    assert sorted(int(e.split("Stopped. ")[1].split()[0]) for e in errs) == counts
    assert all("nothing was changed" not in e and "Traceback" not in e for e in errs)


def test_stale_decision_from_a_second_session_is_refused_not_written_over(
    report_path: Path, review_report: Report
) -> None:
    from claimcheck.report import load_report

    sid = review_report.judgments[0].statement.id
    first, second = ReviewProcess(report_path), ReviewProcess(report_path)
    try:
        assert first.decide(sid, "confirmed", "Ann").status_code == 200
        stale = second.decide(sid, "dismissed", "Bob")  # Bob's page predates Ann's decision
        assert stale.status_code == 409 and "Ann marked" in stale.json()["detail"]
        assert "reload" in stale.json()["detail"]
        assert load_report(report_path).reviews[sid].reviewer == "Ann"
        httpx.get(second.report).raise_for_status()  # Bob reloads and sees Ann's decision
        assert second.decide(sid, "dismissed", "Bob").status_code == 200
        assert load_report(report_path).reviews[sid].reviewer == "Bob"
    finally:
        first.stop()
        second.stop()


def test_review_exit_message_is_honest(report_path: Path, review_report: Report) -> None:
    idle = ReviewProcess(report_path)
    assert "No decision was made in this session" in idle.stop()
    busy = ReviewProcess(report_path)
    assert busy.decide(review_report.judgments[0].statement.id).status_code == 200
    err = busy.stop()
    assert f"Stopped. 1 decision(s) saved into {report_path}" in err
    assert "nothing was changed" not in err


def test_review_app_limits_request_size_and_does_not_echo_bodies(
    report_path: Path, review_report: Report
) -> None:
    from tests.conftest import running_review_server

    with running_review_server(report_path) as srv:
        base, token = srv.url.split("/?token=")
        url = f"{base}/api/decisions?token={token}"
        huge = {"statement_id": "x", "decision": "confirmed", "reviewer": "E", "note": "n" * 99_000}
        assert httpx.post(url, json=huge).status_code == 413

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
            yield b'{"note": "'
            for _ in range(100):
                yield b"n" * 1000
            yield b'"}'

        assert httpx.post(url, content=chunks()).status_code == 413
        secret = "s" * 3000
        bad = httpx.post(url, json={"statement_id": "x", "decision": secret, "reviewer": "E"})
        assert bad.status_code == 422 and secret not in bad.text and len(bad.text) < 2000


# --- bounded work ---------------------------------------------------------------------------


def test_passages_are_capped_in_characters_and_cover_the_text() -> None:
    from claimcheck.index.passages import MAX_PASSAGE_CHARS, make_passages
    from claimcheck.types import Document

    text = "word " * 40_000 + "Then a sentence. " * 5 + "x" * 5000
    doc = Document(
        id="d", title="t", text=text, source="s.txt", date=None, url=None, kind="other",
        speakers=(), turns=(),
    )  # fmt: skip
    passages = make_passages(doc, sentences=3, stride=2)
    assert max(len(p.text) for p in passages) <= MAX_PASSAGE_CHARS
    covered = sorted(p.span for p in passages)
    assert covered[0][0] == 0 and covered[-1][1] == len(text.rstrip())
    assert all(a[1] >= b[0] for a, b in zip(covered, covered[1:], strict=False))  # no gaps


def test_judge_regexes_are_linear_on_unpunctuated_text() -> None:
    from claimcheck.judge import numbers
    from claimcheck.judge.checks import context

    text = "word " * 20_000 + "\nmore"  # 100 KB, no sentence punctuation, one line break
    started = time.perf_counter()
    list(context._QUESTION.finditer(text))
    list(numbers._SENTENCE.finditer(text))
    assert time.perf_counter() - started < 1.0  # quadratic took 10 s and 125 s


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_text_with_a_byte_order_mark_is_read_not_called_binary(
    tmp_path: Path, encoding: str
) -> None:
    from claimcheck.sources import load_document

    path = tmp_path / "memo.txt"
    text = "The harbour bridge will close for repairs in March."
    bom = b"\xfe\xff" if encoding == "utf-16-be" else b""
    path.write_bytes(bom + text.encode(encoding))
    assert load_document(path).text.strip() == text
