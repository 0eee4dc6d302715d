"""Rendering and reading reports: JSON (schema-versioned), Markdown, HTML, terminal."""

from __future__ import annotations

from .html import render_html
from .jsonio import load_report, save_report
from .markdown import render_markdown
from .terminal import render_terminal

__all__ = ["load_report", "render_html", "render_markdown", "render_terminal", "save_report"]
