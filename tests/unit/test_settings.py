from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from config.settings import SettingsError, load_settings


def test_no_settings_at_all_means_the_zero_config_default() -> None:
    settings = load_settings({})
    assert settings.database_url is None
    assert settings.bus_kind == "inprocess"
    assert settings.port == 8000


def test_service_urls_use_their_customary_names_and_nats_switches_the_bus() -> None:
    settings = load_settings({"DATABASE_URL": "postgresql://db/shop", "NATS_URL": "nats://n:4222"})
    assert settings.database_url == "postgresql://db/shop"
    assert settings.bus_kind == "nats"


def test_environment_wins_over_the_profile(tmp_path: Path) -> None:
    profile = tmp_path / "shop.toml"
    profile.write_text('port = 9000\nlog_level = "debug"\n')
    settings = load_settings({"MERCATO_PORT": "9100"}, profile=str(profile))
    assert (settings.port, settings.log_level) == (9100, "debug")


def test_lists_come_comma_separated_from_the_environment() -> None:
    settings = load_settings(
        {"MERCATO_DOMAINS": "catalog, identity", "MERCATO_CORS_ORIGINS": "https://a.shop"}
    )
    assert settings.domains == ["catalog", "identity"]
    assert settings.cors_origins == ["https://a.shop"]


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"MERCATO_PORT": "eighty"}, "MERCATO_PORT"),
        ({"MERCATO_PORT": "70000"}, "MERCATO_PORT"),
        ({"MERCATO_BUS": "kafka"}, "MERCATO_BUS"),
        ({"MERCATO_DB_POOL_SIZE": "0"}, "MERCATO_DB_POOL_SIZE"),
    ],
)
def test_a_bad_value_names_the_setting(env: dict[str, str], named: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(env)
    assert caught.value.setting == named


def test_an_unknown_key_in_a_profile_is_refused(tmp_path: Path) -> None:
    profile = tmp_path / "shop.toml"
    profile.write_text("prot = 1\n")
    with pytest.raises(SettingsError):
        load_settings({}, profile=str(profile))


@pytest.mark.parametrize(
    ("setting", "value", "named"),
    [
        ("MERCATO_PORT", "eighty", "MERCATO_PORT"),
        ("MERCATO_TAX_PROVIDER", "nope", "known: table"),
        ("MERCATO_SEARCH_ENGINE", "elastic", "known: meilisearch, postgres"),
    ],
)
def test_serve_with_a_bad_setting_exits_2_with_a_message_not_a_traceback(
    setting: str, value: str, named: str
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cli", "serve"],
        env={setting: value, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 2
    assert setting in result.stderr
    assert named in result.stderr
    assert "Traceback" not in result.stderr
