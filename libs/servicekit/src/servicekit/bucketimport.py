"""Copy a LocalBucket data root (a folder per bucket, a file per object) into SeaweedFS.

``collabctl up`` did keep Tansu's topics in LocalBucket; this carries them over once, so
an existing ``.local`` keeps its events when the stack moves to SeaweedFS.
"""

from __future__ import annotations

import urllib.parse
import urllib.request
from pathlib import Path


def import_bucket_folder(filer: str, folder: Path, bucket: str) -> int:
    """PUT every file below ``folder`` as object ``<relative path>`` of ``bucket``; the count.

    Keys go in sorted order: Tansu answers ListOffsets(earliest) with the object modified
    first, which is then offset 0 of each partition. Re-running overwrites with the same
    bytes, so an interrupted import is simply run again.
    """
    files = sorted(path for path in folder.rglob("*") if path.is_file())
    for path in files:
        key = urllib.parse.quote(path.relative_to(folder).as_posix())
        _put(f"{filer}/buckets/{bucket}/{key}", path.read_bytes())
    return len(files)


def _put(url: str, body: bytes) -> None:
    headers = {"Content-Type": "application/octet-stream"}
    request = urllib.request.Request(url, data=body, headers=headers, method="PUT")
    with urllib.request.urlopen(request, timeout=30) as response:
        if not 200 <= int(response.status) < 300:
            raise RuntimeError(f"PUT {url} answered {response.status}")
