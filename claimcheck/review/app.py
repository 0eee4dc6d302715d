"""The review app: the HTML report served on 127.0.0.1 with controls that save decisions.

Every request must carry the session's random token (``?token=...``); anything else gets 403.
Decisions go straight into the report file (read, change, write a temporary file, rename,
under a lock that other review sessions of the same file share), so the file on disk always
holds every decision made so far, by every session.

Each session remembers each statement's decision as it last showed or saved it. A decision
on a statement that another session has changed since is refused with 409 and a message to
reload, never written over it; decisions on other statements merge. Request bodies over
64 KiB get 413, and a 422 names the fields at fault without echoing what was sent.
"""

from __future__ import annotations

import contextlib
import secrets
import socket
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import uvicorn
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field

from ..errors import ClaimcheckError
from ..report.html import render_html
from ..report.jsonio import load_report
from ..types import Decision, Report, Review
from .decisions import ReviewConflict, clear_decision, record_decision

MAX_BODY = 64 * 1024  # a decision with a 5000-character note is well under this


@dataclass
class Session:
    """What one review session has shown and saved."""

    seen: dict[str, Review | None] = field(default_factory=dict)
    saved: int = 0  # decisions saved or taken back by this session
    lock: threading.Lock = field(default_factory=threading.Lock)

    def show(self, report: Report) -> Report:
        with self.lock:
            self.seen = {
                j.statement.id: report.reviews.get(j.statement.id) for j in report.judgments
            }
        return report


class _BodyLimit:
    """ASGI middleware: refuse request bodies over ``limit`` bytes with 413, by the declared
    length or, for a body sent in chunks, as soon as it passes the limit."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(send)
            return
        seen = 0
        over = False
        refused = False

        async def counted() -> Any:
            nonlocal seen, over
            if over:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:  # stop reading; the app's answer is replaced below
                    over = True
                    return {"type": "http.request", "body": b"", "more_body": False}
            return message

        async def guarded_send(message: Any) -> None:
            nonlocal refused
            if not over:
                await send(message)
            elif not refused:
                refused = True
                await self._refuse(send)

        await self.app(scope, counted, guarded_send)
        if over and not refused:
            await self._refuse(send)

    async def _refuse(self, send: Any) -> None:
        response = JSONResponse(
            {"detail": f"request body over {self.limit // 1024} KiB"}, status_code=413
        )
        await send({"type": "http.response.start", "status": 413, "headers": response.raw_headers})
        await send({"type": "http.response.body", "body": response.body})


class DecisionIn(BaseModel):
    statement_id: str = Field(min_length=1, max_length=64)
    decision: Decision
    reviewer: str = Field(min_length=1, max_length=200)
    note: str = Field(default="", max_length=5000)


def create_app(report_path: Path, token: str, session: Session | None = None) -> FastAPI:
    """The app for one report file. Its pages and API all require ``token``."""
    session = session or Session()
    session.show(load_report(report_path))  # fail now, with the CLI's clear error, on a bad file
    app = FastAPI(title="claimcheck review", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(_BodyLimit, limit=MAX_BODY)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        fields = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))[:200]}
            for e in exc.errors()[:10]
        ]  # never the input itself: it may be huge, and it is the sender's own
        return JSONResponse({"detail": fields}, status_code=422)

    def check_token(token_: Annotated[str | None, Query(alias="token")] = None) -> None:
        if token_ is None or not secrets.compare_digest(token_, token):
            raise HTTPException(status_code=403, detail="missing or wrong token")

    guarded = [Depends(check_token)]

    @app.get("/", response_class=HTMLResponse, dependencies=guarded)
    def page() -> HTMLResponse:
        try:
            report = session.show(load_report(report_path))
        except ClaimcheckError as exc:
            raise HTTPException(status_code=500, detail=str(exc)) from exc
        return HTMLResponse(
            render_html(report, review_token=token),
            headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"},
        )

    @app.get("/api/report", dependencies=guarded)
    def report_json() -> dict[str, object]:
        return session.show(load_report(report_path)).to_dict()

    @app.post("/api/decisions", dependencies=guarded)
    def decide(body: DecisionIn) -> dict[str, object]:
        sid = body.statement_id
        try:
            review = record_decision(
                report_path, sid, body.decision, reviewer=body.reviewer, note=body.note,
                expected=session.seen.get(sid),
            )  # fmt: skip
        except ReviewConflict as exc:
            raise HTTPException(status_code=409, detail=str(exc)) from exc
        except ClaimcheckError as exc:
            raise HTTPException(status_code=400, detail=str(exc)) from exc
        with session.lock:
            session.seen[sid] = review
            session.saved += 1
        return review.to_dict()

    @app.delete("/api/decisions/{statement_id}", dependencies=guarded)
    def undo(statement_id: str) -> dict[str, str]:
        try:
            clear_decision(report_path, statement_id, expected=session.seen.get(statement_id))
        except ReviewConflict as exc:
            raise HTTPException(status_code=409, detail=str(exc)) from exc
        except ClaimcheckError as exc:
            raise HTTPException(status_code=400, detail=str(exc)) from exc
        with session.lock:
            session.seen[statement_id] = None
            session.saved += 1
        return {"cleared": statement_id}

    return app


@dataclass
class ReviewServer:
    """A review app bound to a free port on 127.0.0.1, ready to run."""

    server: uvicorn.Server
    sock: socket.socket
    url: str
    session: Session = field(default_factory=Session)

    def run(self) -> None:
        """Serve until interrupted (Ctrl-C, SIGTERM) or ``should_exit`` is set; returns
        normally then (``session.saved`` says how many decisions this session saved)."""
        with contextlib.suppress(KeyboardInterrupt):  # uvicorn re-raises it after shutting down
            self.server.run(sockets=[self.sock])


def open_review_server(report_path: Path, *, port: int = 0) -> ReviewServer:
    """Bind 127.0.0.1 (a random free port unless ``port`` is given) and build the app with a
    fresh random token. The URL it returns carries the token."""
    token = secrets.token_urlsafe(24)
    session = Session()
    app = create_app(report_path, token, session)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError as exc:
        sock.close()
        raise ClaimcheckError(
            f"cannot listen on 127.0.0.1:{port} ({exc.strerror}); pick another --port"
        ) from exc
    sock.listen(64)
    bound = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    url = f"http://127.0.0.1:{bound}/?token={token}"
    return ReviewServer(uvicorn.Server(config), sock, url, session)
