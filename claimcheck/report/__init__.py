"""Rendering and reading reports: JSON (schema-versioned), Markdown, terminal."""

from __future__ import annotations

from .jsonio import load_report, save_report
from .markdown import render_markdown
from .terminal import render_terminal

__all__ = ["load_report", "render_markdown", "render_terminal", "save_report"]
