"""Erasure: an erased person's reads, acknowledgements and obligations stay counted under
an alias, so reports keep their numbers and no read model names the person.

Runs as the replica's status listener as soon as ``EmployeeErased`` is projected (and
again on redelivery: a second run finds nothing left to move). It first records the
alias in the erased registry, which every writer of these read models consults, so a
redelivered or replayed read of the person (a rebuild) lands under the alias too. The
news service keeps no name or e-mail of anyone; its events name people by id only.
"""

from __future__ import annotations

from contextlib import suppress

from collab_replicas import PersonStatus
from pymongo.errors import DuplicateKeyError
from servicekit.projection import ReadModels

from news_service.projections.names import COMMENTS, OBLIGED, READERS
from news_service.registries.erased import ALIAS_PREFIX, ErasedPeople, alias_of

__all__ = ["ALIAS_PREFIX", "alias_of", "anonymise_erased"]


async def anonymise_erased(models: ReadModels, employee_id: str, status: PersonStatus) -> None:
    """Move the person's reader documents and obligations to their alias (idempotent)."""
    if not status.erased:
        return
    alias = await ErasedPeople(models.db).add(employee_id)
    # Their comments leave the read model now; the erasure policy deletes them as events.
    await models[COMMENTS].delete_many({"author_id": employee_id})
    readers = models[READERS]
    async for doc in readers.find({"employee_id": employee_id}):
        moved = {**doc, "_id": f"{doc['article_id']}/{alias}", "employee_id": alias}
        with suppress(DuplicateKeyError):  # moved by a run that stopped before the delete
            await readers.insert_one(moved)
        await readers.delete_one({"_id": doc["_id"]})
    # A chunk names each person once: the matched position is the person's.
    renamed = {"$set": {"employee_ids.$": alias}}
    await models[OBLIGED].update_many({"employee_ids": employee_id}, renamed)
