"""The sentence splitter lives in the text layer (``claimcheck.text.sentences``); this name is
kept for the modules that still import it from here (``eval/harness.py``, ``index/passages.py``)."""

from __future__ import annotations

from ..text.sentences import *  # noqa: F403  (every public name of the text layer's splitter)
from ..text.sentences import __all__ as __all__
