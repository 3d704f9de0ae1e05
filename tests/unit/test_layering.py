"""The layering rules of ARCHITECTURE.md, checked on every module's imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FRAMEWORKS = ("litestar", "piccolo", "asyncpg", "adapters", "app")
PURE = ("model", "handlers")


def imports_of(path: Path) -> list[str]:
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
            found.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def relative_imports(path: Path) -> list[int]:
    return [
        node.lineno
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ImportFrom) and node.level
    ]


def modules(*folders: str) -> list[Path]:
    return sorted(path for folder in folders for path in (ROOT / folder).rglob("*.py"))


def template_part(path: Path) -> str:
    """Which template file a domain module is or belongs to: ``handlers`` for handlers/products.py."""
    return path.relative_to(ROOT / "domains").parts[1].removesuffix(".py")


def ids(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", modules("core"), ids=ids)
def test_core_imports_no_adapter_or_domain(path: Path) -> None:
    bad = [name for name in imports_of(path) if name.split(".")[0] in ("adapters", "domains", "app", "demo")]
    assert bad == []


@pytest.mark.parametrize("path", modules("domains"), ids=ids)
def test_domain_imports_only_other_domains_messages(path: Path) -> None:
    own = path.relative_to(ROOT / "domains").parts[0]
    bad = [
        name
        for name in imports_of(path)
        if name.startswith("domains.")
        and name.split(".")[1] != own
        and not (len(name.split(".")) >= 3 and name.split(".")[2] == "messages")
        and name.count(".") > 1
    ]
    assert bad == []


@pytest.mark.parametrize("path", modules("domains"), ids=ids)
def test_domains_never_import_adapters_or_the_composition_root(path: Path) -> None:
    """Only a repository, itself the database adapter of the domain's stores, uses adapters.db."""
    allowed = (
        ("adapters.db",) if path.parent != ROOT / "domains" and template_part(path) == "repository" else ()
    )
    bad = [
        name
        for name in imports_of(path)
        if name.split(".")[0] in ("adapters", "app", "cli", "demo")
        and not name.startswith(allowed or ("\0",))
    ]
    assert bad == []


@pytest.mark.parametrize(
    "path",
    [p for p in modules("domains") if p.parent != ROOT / "domains" and template_part(p) in PURE],
    ids=ids,
)
def test_model_and_handlers_use_no_framework(path: Path) -> None:
    bad = [name for name in imports_of(path) if name.split(".")[0] in FRAMEWORKS]
    assert bad == []


@pytest.mark.parametrize("path", modules("core", "adapters", "domains", "config", "demo"), ids=ids)
def test_imports_are_absolute(path: Path) -> None:
    assert relative_imports(path) == []
