"""Write-side registries beside the event store: userName claims, acknowledged writes.

Commands write them (``handlers``), reads consult them (``queries``); neither owns them.
"""
