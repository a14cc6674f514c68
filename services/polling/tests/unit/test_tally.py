"""Tallies: counts, instant-runoff rounds and ties, ratings, quorum."""

from __future__ import annotations

from collab_events.polling import PollCreated, PollOption
from polling_service.domain.ballots import Ballot
from polling_service.domain.tally import instant_runoff, tally


def poll(kind: str = "single", options: int = 3, **fields: object) -> PollCreated:
    opts = [PollOption(id=f"o{i}", label=f"Option {i}") for i in range(1, options + 1)]
    return PollCreated.model_validate(
        dict(poll_id="p", owner_id="x", question="?", options=opts, kind=kind,
             group_id="g", closes_at="2030-01-01T00:00:00Z", **fields)
    )  # fmt: skip


def ranked(*rankings: str) -> list[Ballot]:
    return [Ballot.of(ranking=r.split()) for r in rankings]


def test_single_counts_percentages_and_abstentions() -> None:
    ballots = [Ballot.of(choice=["o1"]), Ballot.of(choice=["o1"]), Ballot.of(choice=["o2"])]
    result = tally(poll(abstain=True), [*ballots, Ballot(abstain=True)], eligible=10)
    assert result.counts == {"o1": 2, "o2": 1, "o3": 0}
    assert result.percentages == {"o1": 66.67, "o2": 33.33, "o3": 0.0}
    assert (result.ballots, result.abstentions, result.winners, result.tie) == (4, 1, ["o1"], False)


def test_quorum_counts_abstentions_as_turnout() -> None:
    ballots = [Ballot.of(choice=["o1"]), Ballot(abstain=True)]
    assert tally(poll(quorum_percent=20), ballots, eligible=10).quorum_met is True
    assert tally(poll(quorum_percent=21), ballots, eligible=10).quorum_met is False
    assert tally(poll(quorum_percent=1), [], eligible=0).quorum_met is False


def test_irv_majority_after_elimination() -> None:
    # o3 is last (1), its ballot moves to o2: o2 4 of 7 > half.
    ballots = ranked("o1", "o1", "o1", "o2", "o2", "o2", "o3 o2")
    rounds, winners, tie = instant_runoff(["o1", "o2", "o3"], [b.ranking or () for b in ballots])
    assert [r.counts for r in rounds] == [{"o1": 3, "o2": 3, "o3": 1}, {"o1": 3, "o2": 4}]
    assert rounds[0].eliminated == ["o3"] and (winners, tie) == (["o2"], False)


def test_irv_eliminates_everyone_tied_for_last_and_counts_exhausted() -> None:
    ballots = ranked("o1", "o1", "o1", "o2", "o3", "o4 o1")
    result = tally(poll("ranked", options=4), ballots, eligible=6)
    assert result.rounds[0].eliminated == ["o2", "o3", "o4"]
    assert result.rounds[1].counts == {"o1": 4}
    assert (result.rounds[1].exhausted, result.rounds[1].continuing_ballots) == (2, 4)
    assert result.winners == ["o1"]


def test_irv_tie_for_the_win_is_reported() -> None:
    result = tally(poll("ranked", options=2), ranked("o1", "o2"), eligible=2)
    assert (result.winners, result.tie) == (["o1", "o2"], True)
    assert tally(poll("ranked"), [], eligible=2).winners == []


def test_rating_mean_and_distribution() -> None:
    ballots = [Ballot.of(ratings={"o1": 5, "o2": 1}), Ballot.of(ratings={"o1": 4})]
    result = tally(poll("rating", options=2), ballots, eligible=3)
    assert result.ratings["o1"].mean == 4.5 and result.ratings["o1"].distribution == [0, 0, 0, 1, 1]
    assert result.ratings["o2"].mean == 1.0 and result.winners == ["o1"]
