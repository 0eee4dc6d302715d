from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.config import load_settings
from claimcheck.errors import ConfigError


def test_config_layers_defaults_file_env_flags(tmp_path: Path) -> None:
    toml = tmp_path / "claimcheck.toml"
    toml.write_text("[claimcheck]\ntop_k = 7\nsupport_threshold = 0.8\n", encoding="utf-8")
    assert load_settings(config_file=tmp_path / "none.toml", env={}).top_k == 5
    assert load_settings(config_file=toml, env={}).top_k == 7
    from_env = load_settings(config_file=toml, env={"CLAIMCHECK_TOP_K": "9"})
    assert (from_env.top_k, from_env.support_threshold) == (9, 0.8)
    assert load_settings(config_file=toml, env={"CLAIMCHECK_TOP_K": "9"}, top_k=3).top_k == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("top_k = [", "cannot parse"),
        ("colour = 1", "unknown setting 'colour'"),
        ("top_k = 'many'", "must be a number"),
        ("support_threshold = 2", "between 0 and 1"),
    ],
)
def test_config_bad_values_are_clear(tmp_path: Path, text: str, message: str) -> None:
    toml = tmp_path / "claimcheck.toml"
    toml.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_settings(config_file=toml, env={})
