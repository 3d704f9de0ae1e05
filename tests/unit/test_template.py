"""Every domain is the same file set (domains/TEMPLATE.md), so a new domain is a copy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import domains

ROOT = Path(__file__).resolve().parents[2] / "domains"
TEMPLATE = (
    "__init__",
    "messages",
    "model",
    "ports",
    "handlers",
    "tables",
    "repository",
    "api",
    "admin",
    "schemas",
)


def top_level(domain: Path) -> set[str]:
    """The domain's modules and packages by name (``handlers`` for handlers.py or handlers/)."""
    names = {path.stem for path in domain.glob("*.py")}
    names |= {path.name for path in domain.iterdir() if path.is_dir() and (path / "__init__.py").exists()}
    return names


def test_every_domain_folder_is_a_registered_domain() -> None:
    folders = {path.name for path in ROOT.iterdir() if path.is_dir() and not path.name.startswith("__")}
    assert folders == set(domains.NAMES)


@pytest.mark.parametrize("name", domains.NAMES)
def test_a_domain_has_the_template_files_and_nothing_else(name: str) -> None:
    assert top_level(ROOT / name) == set(TEMPLATE)


@pytest.mark.parametrize("name", domains.NAMES)
def test_a_domain_package_splits_a_template_file_by_aggregate_only(name: str) -> None:
    """A package replaces one template file: it holds modules, not nested packages or stray files."""
    for package in (p for p in (ROOT / name).iterdir() if p.is_dir() and p.name != "__pycache__"):
        stray = [p.name for p in package.iterdir() if p.name != "__pycache__" and p.suffix != ".py"]
        assert stray == [], f"{package} holds {stray}"


@pytest.mark.parametrize("name", domains.NAMES)
def test_a_domain_registers_itself_one_way(name: str) -> None:
    domain = domains.load([name])[0]
    assert domain.name == name
    messages = __import__(f"domains.{name}.messages", fromlist=["MESSAGES"])
    tables = __import__(f"domains.{name}.tables", fromlist=["TABLES"])
    assert list(domain.messages) == list(messages.MESSAGES)
    assert list(domain.tables) == list(tables.TABLES)
    assert set(domain.handlers) <= set(messages.MESSAGES)


def test_importing_every_domains_messages_loads_no_handlers() -> None:
    """Other domains import ``messages``; were a package's ``__init__`` to load its handlers, their
    imports of yet other domains' messages would come back round in a cycle."""
    script = (
        "import sys, domains\n"
        "for name in domains.NAMES: __import__(f'domains.{name}.messages')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[-1] in ('handlers', 'api', 'admin', 'repository')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT.parent, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]"
