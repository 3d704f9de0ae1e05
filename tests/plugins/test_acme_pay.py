"""A third party's payment provider, plugged in through a real entry point, passes the payment contract.

``mercato_acme_pay`` (beside this file) is installed into a temporary site directory the
way pip would leave it: the package, and a ``*.dist-info`` with ``METADATA`` and an
``entry_points.txt`` declaring ``acme_pay`` in ``mercato.payment_providers``. Mercato's
registry then finds it by name, with no change to Mercato. The whole contract suite of
tests/contracts/test_payments.py runs here against it (its ``payment_subject`` overridden).
"""

from __future__ import annotations

import importlib
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.payments import PROVIDERS, payment_providers
from config.settings import Settings
from tests.contracts.test_payments import *  # noqa: F403 - the contract suite, run against acme_pay
from tests.contracts.test_payments import Subject

PACKAGE = Path(__file__).with_name("mercato_acme_pay")
ENTRY_POINTS = "[mercato.payment_providers]\nacme_pay = mercato_acme_pay:provider\n"
METADATA = "Metadata-Version: 2.1\nName: mercato-acme-pay\nVersion: 0.1.0\nSummary: Acme Pay for Mercato\n"


def forget_entry_points(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the registry read the entry points again (it reads them once), restoring it afterwards."""
    monkeypatch.setattr(PROVIDERS, "_factories", dict(PROVIDERS._factories))
    monkeypatch.setattr(PROVIDERS, "_loaded", False)


@pytest.fixture
def acme_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    site = tmp_path / "site-packages"
    shutil.copytree(PACKAGE, site / "mercato_acme_pay", ignore=shutil.ignore_patterns("__pycache__"))
    info = site / "mercato_acme_pay-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(METADATA)
    (info / "entry_points.txt").write_text(ENTRY_POINTS)
    monkeypatch.syspath_prepend(str(site))  # and invalidates import caches
    forget_entry_points(monkeypatch)
    yield
    sys.modules.pop("mercato_acme_pay", None)
    importlib.invalidate_caches()


@pytest.fixture
def payment_subject(acme_installed: None) -> Subject:
    """The contract's subject: acme_pay, built through the registry as start-up builds providers."""
    from mercato_acme_pay import TEST_TOKENS

    provider = payment_providers(Settings(payment_providers=["acme_pay"]))["acme_pay"]
    return Subject(provider=provider, tokens=TEST_TOKENS)


def test_without_the_package_acme_pay_is_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    forget_entry_points(monkeypatch)

    assert "acme_pay" not in PROVIDERS.names()


def test_once_installed_acme_pay_is_found_through_its_entry_point_and_enabled_by_settings(
    acme_installed: None,
) -> None:
    providers = payment_providers(Settings(payment_providers=["sandbox", "acme_pay"]))

    assert "acme_pay" in PROVIDERS.names()
    assert type(providers["acme_pay"]).__module__ == "mercato_acme_pay"
    assert str(Path(sys.modules["mercato_acme_pay"].__file__ or "").parent.parent).endswith("site-packages")
