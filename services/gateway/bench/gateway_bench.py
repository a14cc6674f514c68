"""Gateway benchmark (prints figures, asserts nothing): the home page through the gateway
at a fixed rate, against the feed API it calls, called directly at the same rate.

    .venv/bin/python services/gateway/bench/gateway_bench.py [--rps 50] [--seconds 20]

Starts embedded Kafka and MongoDB (or $COLLAB_TEST_KAFKA / $COLLAB_TEST_MONGO), the
profile and feed services, the development IdP and the gateway as processes on free ports,
as `collabctl up` runs them. One employee with 40 posts signs in through the IdP; then
`GET /` on the gateway (session cookie: feed call with a minted token, template render) and
`GET /v1/me/feed?limit=20` on the feed (bearer token) are each sent open loop at ``--rps``.
Prints p50/p95/p99, the gateway's added latency, the CPU seconds per request of the
gateway and feed processes (from /proc/<pid>/stat) and the load average.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from functools import partial
from pathlib import Path

import httpx
from servicekit.auth import mint_token
from servicekit.embedded import free_port
from servicekit.processes import ServerProcess, spawn
from servicekit.readiness import http_ready, wait_ready
from servicekit.testing.conformance import key_pair
from servicekit.testing.servers import kafka_server, mongo_server

SERVICES = ("profile", "feed")
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of ``pid`` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def quantiles(samples: list[float]) -> tuple[float, float, float]:
    """p50, p95, p99 in milliseconds."""
    cuts = statistics.quantiles(samples, n=100)
    return cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000


async def open_loop(
    client: httpx.AsyncClient, url: str, headers: dict[str, str], rps: int, seconds: float
) -> tuple[list[float], int]:
    """Send GET ``url`` every 1/rps s regardless of answers; (latencies, failures)."""
    latencies: list[float] = []
    failures = 0

    async def one() -> None:
        nonlocal failures
        started = time.perf_counter()
        try:
            answer = await client.get(url, headers=headers)
            ok = answer.status_code == 200
        except httpx.HTTPError:
            ok = False
        if ok:
            latencies.append(time.perf_counter() - started)
        else:
            failures += 1

    tasks = []
    start = time.perf_counter()
    for i in range(int(rps * seconds)):
        await asyncio.sleep(max(0.0, start + i / rps - time.perf_counter()))
        tasks.append(asyncio.create_task(one()))
    await asyncio.gather(*tasks)
    return latencies, failures


def start_stack(env: dict[str, str], logs: Path, stack: list[ServerProcess]) -> dict[str, str]:
    """Profile, feed, the IdP and the gateway; their base URLs."""
    urls = {}
    for name in SERVICES:
        port = free_port()
        extra = {"COLLAB_HTTP_PORT": str(port), "COLLAB_MONGO_DB": f"bench_gw_{name}"}
        argv = [sys.executable, "-m", f"{name}_service", "all"]
        stack.append(spawn(name, argv, port=port, log_path=logs / f"{name}.log", env=env | extra))
        urls[name] = f"http://127.0.0.1:{port}"
    idp_port = free_port()
    argv = [sys.executable, "-m", "oidc_provider_mock", "--port", str(idp_port)]
    stack.append(spawn("idp", argv, port=idp_port, log_path=logs / "idp.log"))
    urls["idp"] = f"http://127.0.0.1:{idp_port}"
    gateway_env = {
        "COLLAB_ENVIRONMENT": "development",
        "COLLAB_GATEWAY_HTTP_PORT": env["GATEWAY_PORT"],
        "COLLAB_GATEWAY_PUBLIC_URL": env["GATEWAY_URL"],
        "COLLAB_GATEWAY_OIDC_ISSUER": urls["idp"],
        **{f"COLLAB_GATEWAY_{n.upper()}_URL": urls[n] for n in SERVICES},
    }
    argv = [sys.executable, "-m", "gateway_service", "all"]
    port = int(env["GATEWAY_PORT"])
    stack.append(spawn("gateway", argv, port=port, log_path=logs / "gateway.log", env=gateway_env))
    urls["gateway"] = env["GATEWAY_URL"]
    for server in stack:
        url = urls[server.name]
        path = "/.well-known/openid-configuration" if server.name == "idp" else "/health/live"
        wait_ready(server, partial(http_ready, f"{url}{path}"), timeout=90)
    return urls


async def seed_and_sign_in(urls: dict[str, str], private_key: str) -> tuple[str, httpx.Cookies]:
    """An employee with 40 posts, signed in at the gateway; (their id, the session cookies)."""
    async with httpx.AsyncClient(timeout=30, follow_redirects=True) as http:
        provisioner = {
            "Authorization": f"Bearer {mint_token(private_key, sub='idp', roles=['provisioner'])}"
        }
        user = {
            "userName": "bench.reader@example.com",
            "displayName": "Bench Reader",
            "active": True,
        }
        made = await http.post(f"{urls['profile']}/scim/v2/Users", json=user, headers=provisioner)
        assert made.status_code == 201, made.text
        employee = str(made.json()["id"])
        auth = {"Authorization": f"Bearer {mint_token(private_key, sub=employee)}"}
        posted = 0
        for _ in range(600):  # until the feed's replica knows the author
            answer = await http.post(
                f"{urls['feed']}/v1/posts", json={"text": f"Post {posted} #bench"}, headers=auth
            )
            if answer.status_code == 201:
                posted += 1
                if posted == 40:
                    break
            else:
                await asyncio.sleep(0.1)
        form = await http.get(f"{urls['gateway']}/signin")
        home = await http.post(str(form.url), data={"sub": "bench.reader@example.com"})
        assert home.status_code == 200 and "Post 39" in home.text, home.text[:400]
        return employee, http.cookies


async def measure(
    urls: dict[str, str], pids: dict[str, int], private_key: str, rps: int, seconds: float
) -> None:
    employee, cookies = await seed_and_sign_in(urls, private_key)
    token = {"Authorization": f"Bearer {mint_token(private_key, sub=employee, ttl_s=7200)}"}
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    targets = {
        "feed API directly": (f"{urls['feed']}/v1/me/feed?limit=20", token, None),
        "home page via gateway": (f"{urls['gateway']}/", {}, cookies),
    }
    results = {}
    for label, (url, headers, jar) in targets.items():
        async with httpx.AsyncClient(timeout=30, limits=limits, cookies=jar) as client:
            await open_loop(client, url, headers, rps, 2)  # warm-up
            before = {name: cpu_s(pid) for name, pid in pids.items()}
            latencies, failures = await open_loop(client, url, headers, rps, seconds)
            used = {name: cpu_s(pid) - before[name] for name, pid in pids.items()}
        count = len(latencies) + failures
        results[label] = quantiles(latencies)
        p50, p95, p99 = results[label]
        cpu = ", ".join(f"{name} {used[name] / count * 1000:.1f} ms" for name in pids)
        print(
            f"{label:<24} {rps} rps x {seconds:.0f} s: p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
            f"p99 {p99:.1f} ms, {failures} failed; CPU per request: {cpu}; "
            f"load average {os.getloadavg()[0]:.2f}"
        )
    direct, through = results["feed API directly"], results["home page via gateway"]
    print(
        f"gateway's added latency: p50 {through[0] - direct[0]:+.1f} ms, "
        f"p99 {through[2] - direct[2]:+.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rps", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    stack: list[ServerProcess] = []
    with tempfile.TemporaryDirectory(prefix="gateway-bench-") as tmp, ExitStack() as exits:
        logs = Path(tmp)
        kafka = exits.enter_context(kafka_server(logs))
        mongo = exits.enter_context(mongo_server(logs))
        private_key, public_key = key_pair()
        gateway_port = free_port()
        env = {
            "COLLAB_MONGO_URL": mongo,
            "COLLAB_KAFKA_BOOTSTRAP": kafka,
            "COLLAB_JWT_PUBLIC_KEY": public_key,
            "COLLAB_JWT_JWKS_URL": f"http://127.0.0.1:{gateway_port}/.well-known/jwks.json",
            "COLLAB_ENVIRONMENT": "test",
            "COLLAB_TOPIC_PARTITIONS": "2",
            "COLLAB_KAFKA_SESSION_TIMEOUT_MS": "2000",
            "COLLAB_KAFKA_HEARTBEAT_INTERVAL_MS": "500",
            "COLLAB_RELAY_WATCH_CHANGES": "false",
            "GATEWAY_PORT": str(gateway_port),
            "GATEWAY_URL": f"http://127.0.0.1:{gateway_port}",
        }
        try:
            urls = start_stack(env, logs, stack)
            pids = {s.name: s.pid for s in stack if s.name in ("gateway", "feed")}
            asyncio.run(measure(urls, pids, private_key, args.rps, args.seconds))
        finally:
            for server in reversed(stack):
                server.stop()


if __name__ == "__main__":
    main()
