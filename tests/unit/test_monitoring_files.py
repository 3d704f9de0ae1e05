"""The monitoring stack's files parse, and their queries name metrics that /metrics really exports."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families

ROOT = Path(__file__).resolve().parents[2]
MONITORING = ROOT / "config" / "monitoring"
METRIC = re.compile(r"\b(?:mercato|process|python)_[a-z0-9_]+\b")
SUFFIXES = {"counter": ("_total", "_created"), "histogram": ("_bucket", "_count", "_sum", "_created")}


def load(path: Path) -> Any:
    return json.loads(path.read_text()) if path.suffix == ".json" else yaml.safe_load(path.read_text())


def dashboard_queries() -> list[str]:
    found: list[str] = []

    def walk(panels: list[dict[str, Any]]) -> None:
        for panel in panels:
            found.extend(target["expr"] for target in panel.get("targets", ()))
            walk(panel.get("panels", []))

    walk(load(MONITORING / "grafana" / "dashboards" / "mercato.json")["panels"])
    return found


def rule_queries() -> list[str]:
    return [rule["expr"] for group in load(MONITORING / "alerts.yml")["groups"] for rule in group["rules"]]


@pytest.mark.parametrize(
    "path", sorted(p for p in MONITORING.rglob("*") if p.suffix in (".yml", ".yaml", ".json")), ids=str
)
def test_every_monitoring_file_parses(path: Path) -> None:
    assert load(path)


def test_the_alert_rules_cover_errors_latency_outbox_lag_and_open_breakers() -> None:
    rules = {
        rule["alert"]: rule for group in load(MONITORING / "alerts.yml")["groups"] for rule in group["rules"]
    }
    covered = " ".join(rule["expr"] for rule in rules.values())
    for needed in (
        'status=~"5.."',
        "histogram_quantile(0.99",
        "mercato_outbox_oldest_age_seconds",
        "mercato_breaker_state",
    ):
        assert needed in covered
    assert all(rule["annotations"]["summary"] and rule.get("for") for rule in rules.values())


def test_prometheus_loads_the_rules_and_sends_to_alertmanager() -> None:
    config = load(MONITORING / "prometheus.yml")
    assert config["rule_files"] == ["/etc/prometheus/alerts.yml"]
    assert config["alerting"]["alertmanagers"][0]["static_configs"][0]["targets"] == ["alertmanager:9093"]
    (mercato,) = [job for job in config["scrape_configs"] if job["job_name"] == "mercato"]
    compose = load(ROOT / "docker-compose.yml")["services"]
    shop_services = {name for name, service in compose.items() if "serve" in service.get("command", [])}
    assert shop_services <= set(mercato["dns_sd_configs"][0]["names"]), "every process is scraped"


def test_grafana_provisions_the_datasources_the_dashboard_uses() -> None:
    datasources = load(MONITORING / "grafana" / "provisioning" / "datasources" / "datasources.yml")
    uids = {source["uid"] for source in datasources["datasources"]}
    assert {"prometheus", "jaeger"} <= uids
    dashboard = load(MONITORING / "grafana" / "dashboards" / "mercato.json")
    used = {p["datasource"]["uid"] for p in dashboard["panels"] if "datasource" in p}
    assert used <= uids
    providers = load(MONITORING / "grafana" / "provisioning" / "dashboards" / "dashboards.yml")
    assert providers["providers"][0]["options"]["path"] == "/var/lib/grafana/dashboards"


def test_docker_compose_parses_and_mounts_files_that_exist() -> None:
    compose = load(ROOT / "docker-compose.yml")
    services = compose["services"]
    assert {"prometheus", "grafana", "alertmanager", "jaeger"} <= set(services)
    assert services["jaeger"]["environment"]["COLLECTOR_OTLP_ENABLED"] == "true"
    assert services["app"]["environment"]["OTEL_EXPORTER_OTLP_ENDPOINT"] == "http://jaeger:4318"
    mounted = [
        volume.split(":")[0]
        for service in services.values()
        for volume in service.get("volumes", [])
        if volume.startswith("./")
    ]
    assert mounted
    missing = [source for source in mounted if not (ROOT / source).exists()]
    assert missing == []


async def test_dashboard_and_rules_name_only_metrics_that_metrics_exports(client) -> None:
    reply = await client.get("/metrics")
    assert reply.status_code == 200
    exported: set[str] = set()
    for family in text_string_to_metric_families(reply.text):
        exported.add(family.name)
        exported.update(family.name + suffix for suffix in SUFFIXES.get(family.type, ()))
        exported.update(sample.name for sample in family.samples)
    used = {name for query in dashboard_queries() + rule_queries() for name in METRIC.findall(query)}
    assert used, "the queries name metrics"
    assert used - exported == set()
