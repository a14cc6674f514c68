"""Running a bulk request (RFC 7644 §3.7): in order, each operation once its references exist.

Rounds: every waiting operation whose bulkId references are all created runs, in
request order, consecutive POSTs together as one batch of registrations
(``bulk_ops``); what refers to a bulkId that no POST declares, or whose POST failed,
fails; when nothing can run any more, what still waits refers in a loop (409). With
``failOnErrors`` the run stops once that many operations failed: the rest is not
performed and not answered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from profile_service.api.scim import bulk_ops, codes
from profile_service.api.scim.bulk_refs import references
from profile_service.api.scim.bulk_schema import BulkOperation, BulkRequest
from profile_service.api.scim.errors import ScimError
from profile_service.ports import Ports


@dataclass(frozen=True, slots=True)
class _Item:
    index: int
    op: BulkOperation
    refs: frozenset[str]


@dataclass
class BulkRun:
    """The state of one bulk request: created ids by bulkId, answers by operation."""

    ports: Ports
    actor: str | None
    base: str
    fail_on: int | None
    ids: dict[str, str] = field(default_factory=dict)
    failed: set[str] = field(default_factory=set)
    answers: dict[int, dict[str, Any]] = field(default_factory=dict)
    errors: int = 0

    @property
    def stopped(self) -> bool:
        """``failOnErrors`` reached: nothing more is performed."""
        return self.fail_on is not None and self.errors >= self.fail_on

    def answer(
        self, index: int, op: BulkOperation, result: bulk_ops.Result, *, declares: bool = True
    ) -> None:
        """Record what became of operation ``index`` (and what its bulkId now stands for)."""
        self.answers[index] = result.message(op, self.base)
        if result.error is not None:
            self.errors += 1
            if op.bulk_id and declares:
                self.failed.add(op.bulk_id)
        elif result.created is not None and op.bulk_id:
            self.ids[op.bulk_id] = result.created


async def run_bulk(
    ports: Ports, request: BulkRequest, *, actor: str | None, base: str
) -> list[dict[str, Any]]:
    """Perform the operations; the answers of those performed, in request order."""
    run = BulkRun(ports, actor, base, request.fail_on_errors)
    waiting = _items(run, request.operations)
    declared = {i.op.bulk_id for i in waiting if i.op.bulk_id and _is_post(i.op)}
    while waiting and not run.stopped:
        ready = []
        for item in waiting:
            if item.refs - declared or item.refs & run.failed:
                unknown = sorted(item.refs - declared or item.refs & run.failed)
                _fail(run, item, ScimError(codes.BULK_ID_UNRESOLVED, f"bulkId {unknown[0]!r}"))
            elif item.refs <= run.ids.keys():
                ready.append(item)
        done = run.answers.keys() | {i.index for i in ready}
        waiting = [i for i in waiting if i.index not in done]
        if not ready:
            for item in waiting:
                _fail(run, item, ScimError(codes.BULK_ID_CYCLE, "its bulkId references loop"))
            break
        await _perform(run, ready)
    return [run.answers[i] for i in sorted(run.answers)]


def _items(run: BulkRun, operations: list[BulkOperation]) -> list[_Item]:
    """The operations to run; a POST repeating an earlier POST's bulkId fails at once."""
    items, seen = [], set()
    for index, op in enumerate(operations):
        item = _Item(index, op, references(op.path, op.data))
        if _is_post(op) and op.bulk_id in seen:  # the bulkId stays the first POST's
            error = ScimError(codes.BULK_ID_REPEATED, f"bulkId {op.bulk_id!r}")
            _fail(run, item, error, declares=False)
            continue
        if _is_post(op) and op.bulk_id:
            seen.add(op.bulk_id)
        items.append(item)
    return items


def _fail(run: BulkRun, item: _Item, error: ScimError, *, declares: bool = True) -> None:
    if not run.stopped:
        run.answer(item.index, item.op, bulk_ops.Result(error=error), declares=declares)


async def _perform(run: BulkRun, ready: list[_Item]) -> None:
    """Run ``ready`` in order: consecutive POSTs as one batch, the others one by one."""
    start = 0
    while start < len(ready) and not run.stopped:
        end = start
        while end < len(ready) and _is_post(ready[end].op):
            end += 1
        if end > start:
            batch = [(i.index, i.op) for i in ready[start:end]]
            budget = None if run.fail_on is None else run.fail_on - run.errors
            for index, op, result in await bulk_ops.post_batch(run, batch, budget):
                run.answer(index, op, result)
            start = end
        else:
            item = ready[start]
            run.answer(item.index, item.op, await bulk_ops.single(run, item.op))
            start += 1


def _is_post(op: BulkOperation) -> bool:
    return op.method.upper() == "POST"
