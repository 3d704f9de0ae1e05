"""The split deployment follows the list of domains: one process and one upstream per domain,
and nginx sends every route to the process that serves it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from litestar import Litestar
from litestar.di import Provide

import domains
from app import _bus
from core.guards import provide_principal

ROOT = Path(__file__).resolve().parents[2]
NGINX = (ROOT / "config" / "nginx-split.conf").read_text()
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
LOCATION = re.compile(r"location\s+(~\s+)?(\S+)\s*\{\s*proxy_pass\s+http://(\w+);\s*\}")


def upstream_of(path: str) -> str:
    """nginx's choice: the first matching regex location, else the longest matching prefix."""
    prefixes, regexes = [], []
    for regex, pattern, upstream in LOCATION.findall(NGINX):
        (regexes if regex else prefixes).append((pattern, upstream))
    for pattern, upstream in regexes:
        if re.search(pattern, path):
            return upstream
    return max((p for p in prefixes if path.startswith(p[0])), key=lambda p: len(p[0]))[1]


def routes_of(name: str) -> list[str]:
    dependencies = {"bus": Provide(_bus, sync_to_thread=False), "principal": Provide(provide_principal)}
    app = Litestar(
        route_handlers=list(domains.load([name])[0].routes), dependencies=dependencies, openapi_config=None
    )
    return sorted({re.sub(r"\{[^}]+\}", "x1", route.path) for route in app.routes})


def test_every_domain_has_an_upstream_and_a_process_of_its_own() -> None:
    upstreams = set(re.findall(r"upstream\s+(\w+)\s*\{", NGINX))
    assert upstreams == set(domains.NAMES)
    for name in domains.NAMES:
        command = COMPOSE["services"][name]["command"]
        assert command[-2:] == ["--domains", name]
    assert set(COMPOSE["services"]["gateway"]["depends_on"]) == set(domains.NAMES)


@pytest.mark.parametrize("name", domains.NAMES)
def test_nginx_sends_each_route_to_the_domain_that_serves_it(name: str) -> None:
    misrouted = {path: upstream_of(path) for path in routes_of(name) if upstream_of(path) != name}
    assert misrouted == {}
