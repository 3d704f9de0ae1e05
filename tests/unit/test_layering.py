"""The layering rules of ARCHITECTURE.md, checked on every module's imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FRAMEWORKS = ("litestar", "piccolo", "asyncpg", "adapters")


def imports_of(path: Path) -> list[str]:
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
            found.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def modules(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", modules("core"), ids=lambda p: str(p.relative_to(ROOT)))
def test_core_imports_no_adapter_or_domain(path: Path) -> None:
    bad = [name for name in imports_of(path) if name.split(".")[0] in ("adapters", "domains", "app")]
    assert bad == []


@pytest.mark.parametrize("path", modules("domains"), ids=lambda p: str(p.relative_to(ROOT)))
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


@pytest.mark.parametrize(
    "path",
    [p for p in modules("domains") if p.name in ("model.py", "handlers.py")],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_model_and_handlers_use_no_framework(path: Path) -> None:
    bad = [name for name in imports_of(path) if name.split(".")[0] in FRAMEWORKS]
    assert bad == []
