"""The fault harness's judge and command line, without servers (tests/faults runs them)."""

from __future__ import annotations

from collabctl.cli import app
from collabctl.faults.checks import Views, judge
from collabctl.faults.ledger import Ledger
from collabctl.faults.report import table
from collabctl.faults.run import ScenarioResult
from typer.testing import CliRunner


def ledger() -> Ledger:
    book = Ledger()
    book.group_created("g1", "owner")
    for who in ("ana", "bob"):
        book.join_sent("g1", who)
        book.joined("g1", who)
    book.join_sent("g1", "cem")  # never answered: may or may not show up
    return book


def views(members: list[str], count: int | None = None) -> Views:
    shown = Views(directory=["g1"], counts={"g1": len(members) if count is None else count})
    shown.members["g1"] = members
    shown.my_groups = {who: ["g1"] for who in set(members)}
    return shown


def test_every_acknowledged_write_visible_once_is_clean() -> None:
    assert judge(ledger(), views(["owner", "ana", "bob", "cem"])).clean


def test_a_missing_member_is_a_lost_write() -> None:
    findings = judge(ledger(), views(["owner", "ana"]))
    assert findings.lost == ["join g1/bob"]


def test_a_member_listed_twice_or_miscounted_is_a_double_effect() -> None:
    assert judge(ledger(), views(["owner", "ana", "bob", "bob"])).duplicated
    assert judge(ledger(), views(["owner", "ana", "bob"], count=4)).duplicated


def test_a_member_nobody_asked_for_is_a_phantom() -> None:
    assert judge(ledger(), views(["owner", "ana", "bob", "dan"])).phantom == ["dan in g1"]


def test_a_group_missing_from_the_directory_loses_its_writes() -> None:
    shown = views(["owner", "ana", "bob"])
    shown.directory = []
    assert len(judge(ledger(), shown).lost) == 3


def test_the_table_shows_a_failure_and_why() -> None:
    failed = ScenarioResult("mongo", 10, 1, 0, 0, 0, 2, 0, 0, 0, 2.0, None, [], ["join g1/bob"])
    lines = table([failed])
    assert "FAILED" in lines[1] and "never" in lines[1]
    assert lines[2].strip() == "mongo: join g1/bob"


def test_an_unknown_scenario_is_refused() -> None:
    result = CliRunner().invoke(app, ["faults", "--scenario", "nope"])
    assert result.exit_code == 2
    assert "unknown scenario" in result.output
