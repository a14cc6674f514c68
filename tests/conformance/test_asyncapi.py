"""``contracts/asyncapi.json`` as the AsyncAPI project's own parser (@asyncapi/parser) reads it.

The parser is a Node.js package pinned in ``tools/asyncapi-check/package.json`` and
installed by ``scripts/bootstrap.sh``; nothing here is skipped when it is missing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CHECK = ROOT / "tools" / "asyncapi-check"
CONTRACTS = ROOT / "contracts"
PARSER = "@asyncapi/parser"


@dataclass(frozen=True)
class Verdict:
    """What ``check.mjs`` said about one document."""

    returncode: int
    summary: dict[str, Any]
    output: str

    def lines(self, severity: str) -> list[str]:
        return [line for line in self.output.splitlines() if line.startswith(f"{severity} ")]


def check(document: Path) -> Verdict:
    """Run the pinned parser over ``document``."""
    node = shutil.which("node")
    assert node, "Node.js (node >= 18) is required for the AsyncAPI conformance test"
    installed = CHECK / "node_modules" / PARSER / "package.json"
    assert installed.exists(), f"{PARSER} is not installed: run `bash scripts/bootstrap.sh`"
    result = subprocess.run(
        [node, str(CHECK / "check.mjs"), str(document)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=CHECK,
        check=False,
    )
    output = result.stdout + result.stderr
    last = result.stdout.strip().splitlines()[-1:] or ["{}"]
    return Verdict(result.returncode, json.loads(last[0]), output)


def test_installed_parser_is_the_pinned_version() -> None:
    pinned = json.loads((CHECK / "package.json").read_text())["dependencies"][PARSER]
    installed = CHECK / "node_modules" / PARSER / "package.json"
    assert installed.exists(), f"{PARSER} is not installed: run `bash scripts/bootstrap.sh`"
    assert json.loads(installed.read_text())["version"] == pinned


def test_asyncapi_document_parses_without_errors() -> None:
    verdict = check(CONTRACTS / "asyncapi.json")
    for line in verdict.lines("warning"):
        warnings.warn(f"@asyncapi/parser: {line}", stacklevel=1)
    assert verdict.summary.get("parsed") is True, verdict.output
    assert verdict.summary["error"] == 0, verdict.output
    assert verdict.returncode == 0, verdict.output


def test_parser_reports_errors_in_a_broken_document(tmp_path: Path) -> None:
    """The check can fail: an unknown operation action and a dangling ``$ref``."""
    shutil.copytree(CONTRACTS, tmp_path / "contracts")
    path = tmp_path / "contracts" / "asyncapi.json"
    document = json.loads(path.read_text())
    operation = next(iter(document["operations"].values()))
    operation["action"] = "publish"  # AsyncAPI 2 wording; 3.0 knows send and receive
    message = next(iter(document["components"]["messages"].values()))
    message["payload"]["allOf"][1]["properties"]["data"]["$ref"] = "schemas/missing.json"
    path.write_text(json.dumps(document))
    verdict = check(path)
    assert verdict.returncode == 1
    assert verdict.summary["error"] >= 2, verdict.output
    assert any("missing.json" in line for line in verdict.lines("error")), verdict.output
    assert any("action" in line for line in verdict.lines("error")), verdict.output
