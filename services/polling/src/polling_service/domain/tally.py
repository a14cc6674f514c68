"""Tallies: counts and percentages, instant-runoff rounds, rating summaries, quorum.

Instant runoff: each round counts every ballot for its highest-ranked continuing
option; a ballot with none left is exhausted. An option with more than half of the
round's non-exhausted ballots wins. Otherwise every option tied for the fewest votes
is eliminated together; when that would eliminate every continuing option, they are
reported as a tie (``tie``, several ``winners``). No ballots: no winner.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from collab_events.polling import IrvRound, PollCreated, PollResults, RatingSummary

from polling_service.domain.ballots import Ballot


def tally(poll: PollCreated, ballots: Sequence[Ballot], eligible: int) -> PollResults:
    """The result of ``ballots`` (final versions only) for ``poll``."""
    voting = [b for b in ballots if not b.abstain]
    quorum_met = poll.quorum_percent is None or len(ballots) * 100 >= poll.quorum_percent * eligible
    base = dict(
        ballots=len(ballots), abstentions=len(ballots) - len(voting), eligible=eligible,
        quorum_met=quorum_met and (poll.quorum_percent is None or eligible > 0),
    )  # fmt: skip
    options = [o.id for o in poll.options]
    if poll.kind == "ranked":
        rounds, winners, tie = instant_runoff(options, [b.ranking or () for b in voting])
        first = rounds[0].counts if rounds else dict.fromkeys(options, 0)
        return PollResults(
            **base, counts=first, percentages=_percent(first, len(voting)),
            rounds=rounds, winners=winners, tie=tie,
        )  # fmt: skip
    if poll.kind == "rating":
        return _ratings(options, voting, base)
    counts = dict.fromkeys(options, 0)
    for ballot in voting:
        for option in ballot.choice or ():
            counts[option] += 1
    winners, tie = _most(counts)
    return PollResults(
        **base, counts=counts, percentages=_percent(counts, len(voting)), winners=winners, tie=tie
    )


def _percent(counts: dict[str, int], total: int) -> dict[str, float]:
    return {k: round(100 * v / total, 2) if total else 0.0 for k, v in counts.items()}


def _most(scores: dict[str, int] | dict[str, float]) -> tuple[list[str], bool]:
    best = max(scores.values(), default=0)
    if not best:
        return [], False
    winners = [k for k, v in scores.items() if v == best]
    return winners, len(winners) > 1


def instant_runoff(
    options: Sequence[str], rankings: Sequence[Sequence[str]]
) -> tuple[list[IrvRound], list[str], bool]:
    """Every round, the winners and whether they tie."""
    continuing, rounds = list(options), []
    while continuing:
        counts = dict.fromkeys(continuing, 0)
        for ranking in rankings:
            top = next((o for o in ranking if o in counts), None)
            if top is not None:
                counts[top] += 1
        active = sum(counts.values())
        exhausted = len(rankings) - active
        best, low = max(counts.values()), min(counts.values())
        if active == 0 or best * 2 > active or low == best:
            rounds.append(IrvRound(counts=counts, continuing_ballots=active, exhausted=exhausted))
            if active == 0:
                return rounds, [], False
            winners = [o for o in continuing if counts[o] == best]
            return rounds, winners, len(winners) > 1
        losers = [o for o in continuing if counts[o] == low]
        rounds.append(
            IrvRound(
                counts=counts, continuing_ballots=active, exhausted=exhausted, eliminated=losers
            )
        )
        continuing = [o for o in continuing if o not in losers]
    return rounds, [], False


def _ratings(
    options: Sequence[str], voting: Sequence[Ballot], base: Mapping[str, object]
) -> PollResults:
    distribution = {o: [0] * 5 for o in options}
    for ballot in voting:
        for option, rating in ballot.ratings or ():
            distribution[option][rating - 1] += 1
    summaries, means = {}, {}
    for option, counts in distribution.items():
        rated = sum(counts)
        mean = round(sum((i + 1) * c for i, c in enumerate(counts)) / rated, 3) if rated else None
        summaries[option] = RatingSummary(mean=mean, distribution=counts)
        if mean is not None:
            means[option] = mean
    winners, tie = _most(means)
    counts_by_option = {o: sum(c) for o, c in distribution.items()}
    return PollResults.model_validate(
        {**base, "counts": counts_by_option, "ratings": summaries, "winners": winners, "tie": tie}
    )
