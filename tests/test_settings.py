"""One configuration surface: .dlt/config.toml, read from anywhere, every value overridable by the environment."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from loader import settings
from tests.conftest import ROOT


def test_the_configured_defaults_hold_from_another_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("MLB_API_BASE_URL", "MILB_PG_HOST", "MILB_SCHEMA", "SOURCES__STATSAPI__RATE_PER_SECOND"):
        monkeypatch.delenv(name, raising=False)
    api = settings.api_settings()
    assert api.base_url == "https://statsapi.mlb.com" and api.rate_per_second == 10.0 and api.commit_every == 500
    assert settings.dbt_schema() == "analytics"
    assert settings.postgres_settings()["host"] == "127.0.0.1"


def test_the_readmes_variables_and_dlts_own_names_override_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLB_API_BASE_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("SOURCES__STATSAPI__RATE_PER_SECOND", "2.5")
    monkeypatch.setenv("MILB_PG_PORT", "6543")
    monkeypatch.setenv("MILB_SCHEMA", "public")
    assert settings.api_settings().base_url == "http://127.0.0.1:9"
    assert settings.api_settings().rate_per_second == 2.5
    assert settings.postgres_settings()["port"] == 6543
    assert settings.dbt_variables()["MILB_SCHEMA"] == "public"


def test_the_loaders_help_shows_the_configured_defaults() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "loader", "--help"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "SOURCES__STATSAPI__CONCURRENCY": "3", "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "[default: 3;" in result.stdout and "https://statsapi.mlb.com" in result.stdout


def test_secrets_stay_out_of_git_and_the_example_is_committed() -> None:
    ignored = subprocess.run(["git", "check-ignore", "-q", ".dlt/secrets.toml"], cwd=ROOT)
    assert ignored.returncode == 0
    assert (ROOT / ".dlt" / "example.secrets.toml").is_file()
