"""Durable acknowledgements: nothing is acknowledged or handed on before the server holds it.

A MongoDB server may acknowledge a write once it is visible, before its journal holds it:
mongod with ``{w: 1, j: false}``, and SecantusDB for every transaction (it ignores the
write concern of ``commitTransaction``). Kill such a server and the last moments of
acknowledged writes are gone (SecantusDB: the last ~20 ms). Worse, a client that was not
mid-request when it died never notices: its next write simply lands on the restarted
server. So a unit of work (an append, a relay pass, a projector batch) that must not
build on a lost write is bracketed:

- ``DurableUnit.begin`` notes which server process it talks to (``hello``'s
  ``topologyVersion.processId``, new on every start and on every other node);
- ``confirm`` issues one ``{w: "majority", j: true}`` write - the journal is sequential,
  so everything the server made visible before it is then durable too - and checks the
  process is still the same one. If it is not, ``ServerRestarted`` (a ``ConnectionFailure``)
  says the unit's earlier writes may be lost: redo it, acknowledge nothing.
"""

from __future__ import annotations

import os
import socket
from typing import Any

from pymongo import WriteConcern
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import ConnectionFailure

BARRIERS = "durability"
DURABLE = WriteConcern(w="majority", j=True)
_PROCESS = f"{socket.gethostname()}:{os.getpid()}"  # one barrier document per process and use


class ServerRestarted(ConnectionFailure):
    """The server restarted within a unit of work: writes it acknowledged may be lost."""


async def server_process(db: AsyncDatabase[dict[str, Any]]) -> Any:
    """The identity of the server process (None when the server does not report one)."""
    reply = await db.client.admin.command("hello")
    return (reply.get("topologyVersion") or {}).get("processId")


async def journal_barrier(db: AsyncDatabase[dict[str, Any]], name: str) -> None:
    """Return once every write this server made visible before the call is durable."""
    barriers = db.get_collection(BARRIERS, write_concern=DURABLE)
    await barriers.update_one({"_id": f"{name}@{_PROCESS}"}, {"$inc": {"n": 1}}, upsert=True)


class DurableUnit:
    """Writes that count only once all of them are durable on one server process."""

    def __init__(self, db: AsyncDatabase[dict[str, Any]], name: str, process: Any) -> None:
        self.db, self.name, self.process = db, name, process

    @classmethod
    async def begin(cls, db: AsyncDatabase[dict[str, Any]], name: str) -> DurableUnit:
        """Start a unit: note the server process before the first write."""
        return cls(db, name, await server_process(db))

    async def confirm(self) -> None:
        """Make the unit's writes durable; ServerRestarted if the server restarted meanwhile."""
        await journal_barrier(self.db, self.name)
        now = await server_process(self.db)
        if now != self.process:
            raise ServerRestarted(
                f"{self.name}: the MongoDB server restarted during the unit of work "
                f"(process {self.process} -> {now}); its writes may be lost, redo it"
            )
