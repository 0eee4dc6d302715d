"""The review app: the HTML report served on 127.0.0.1 with controls that save decisions.

Every request must carry the session's random token (``?token=...``); anything else gets 403.
Decisions go straight into the report file (read, change, write a temporary file, rename),
so the file on disk always holds every decision made so far.
"""

from __future__ import annotations

import secrets
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import uvicorn
from fastapi import Depends, FastAPI, HTTPException, Query
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from ..errors import ClaimcheckError
from ..types import Decision
from .html import render_html
from .jsonio import load_report
from .review import clear_decision, record_decision

__all__ = ["ReviewServer", "create_app", "open_review_server"]


class DecisionIn(BaseModel):
    statement_id: str = Field(min_length=1, max_length=64)
    decision: Decision
    reviewer: str = Field(min_length=1, max_length=200)
    note: str = Field(default="", max_length=5000)


def create_app(report_path: Path, token: str) -> FastAPI:
    """The app for one report file. Its pages and API all require ``token``."""
    load_report(report_path)  # fail now, with the CLI's clear error, on a bad file
    app = FastAPI(title="claimcheck review", docs_url=None, redoc_url=None, openapi_url=None)

    def check_token(token_: Annotated[str | None, Query(alias="token")] = None) -> None:
        if token_ is None or not secrets.compare_digest(token_, token):
            raise HTTPException(status_code=403, detail="missing or wrong token")

    guarded = [Depends(check_token)]

    @app.get("/", response_class=HTMLResponse, dependencies=guarded)
    def page() -> HTMLResponse:
        try:
            report = load_report(report_path)
        except ClaimcheckError as exc:
            raise HTTPException(status_code=500, detail=str(exc)) from exc
        return HTMLResponse(
            render_html(report, review_token=token),
            headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"},
        )

    @app.get("/api/report", dependencies=guarded)
    def report_json() -> dict[str, object]:
        return load_report(report_path).to_dict()

    @app.post("/api/decisions", dependencies=guarded)
    def decide(body: DecisionIn) -> dict[str, object]:
        try:
            review = record_decision(
                report_path, body.statement_id, body.decision, reviewer=body.reviewer,
                note=body.note,
            )  # fmt: skip
        except ClaimcheckError as exc:
            raise HTTPException(status_code=400, detail=str(exc)) from exc
        return review.to_dict()

    @app.delete("/api/decisions/{statement_id}", dependencies=guarded)
    def undo(statement_id: str) -> dict[str, str]:
        clear_decision(report_path, statement_id)
        return {"cleared": statement_id}

    return app


@dataclass
class ReviewServer:
    """A review app bound to a free port on 127.0.0.1, ready to run."""

    server: uvicorn.Server
    sock: socket.socket
    url: str

    def run(self) -> None:
        """Serve until interrupted (Ctrl-C) or ``should_exit`` is set."""
        self.server.run(sockets=[self.sock])


def open_review_server(report_path: Path, *, port: int = 0) -> ReviewServer:
    """Bind 127.0.0.1 (a random free port unless ``port`` is given) and build the app with a
    fresh random token. The URL it returns carries the token."""
    token = secrets.token_urlsafe(24)
    app = create_app(report_path, token)
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
    return ReviewServer(uvicorn.Server(config), sock, f"http://127.0.0.1:{bound}/?token={token}")
