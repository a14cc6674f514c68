"""The attachment store: an S3-compatible bucket reached through boto3 (blocking calls in threads).

Keys: ``uploads/<uploader>/<id>`` holds what a client PUT with a presigned URL (its size,
type and name are signed headers, so the client cannot change them; the key names the
uploader, so nobody can attach another person's upload); an image's thumbnail, made when a
post takes it, lives at ``previews/<id>``. Both go with the post; uploads that no live post
holds are swept after ``upload_expiry_s``.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import quote, unquote

import boto3  # type: ignore[import-untyped]
from botocore.config import Config  # type: ignore[import-untyped]
from botocore.exceptions import BotoCoreError, ClientError  # type: ignore[import-untyped]
from collab_events import uuid7

from feed_service.config import FeedSettings
from feed_service.domain.errors import AttachmentRejected, StorageUnavailable

_MISSING = {"404", "NoSuchKey", "NotFound"}
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class StoredObject:
    """What S3 says about an object: size, stored type, metadata."""

    size: int
    content_type: str
    metadata: dict[str, str]
    modified: datetime | None = None


@dataclass(frozen=True, slots=True)
class SignedRequest:
    """A presigned URL with the headers the client must send with it."""

    url: str
    method: str
    headers: dict[str, str]
    expires_at: datetime


def upload_key(owner: str, attachment_id: str) -> str:
    """Where a client uploads an attachment."""
    return f"uploads/{owner}/{attachment_id}"


def preview_key(attachment_id: str) -> str:
    """Where an image attachment's thumbnail lives."""
    return f"previews/{attachment_id}"


def _client(settings: FeedSettings, endpoint: str) -> Any:
    config = Config(
        signature_version="s3v4",
        s3={"addressing_style": "path"},
        retries={"max_attempts": 3, "mode": "standard"},
        connect_timeout=5,
        read_timeout=30,
    )
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=settings.s3_region,
        aws_access_key_id=settings.s3_access_key,
        aws_secret_access_key=settings.s3_secret_key,
        config=config,
    )


class AttachmentStore:
    """Presigned URLs and the few object operations the feed needs."""

    def __init__(self, settings: FeedSettings) -> None:
        self.bucket, self.ttl = settings.s3_bucket, settings.attachment_url_ttl_s
        self.expiry = timedelta(seconds=settings.upload_expiry_s)
        # Attachment ids carry a MAC of their uploader: an id nobody was handed out is refused
        # without asking S3 (the key is derived from the S3 secret the service holds anyway).
        secret = f"collab-feed-attachment-id\0{settings.s3_secret_key}".encode()
        self._id_key = hashlib.sha256(secret).digest()
        self._s3 = _client(settings, settings.s3_endpoint)
        # Presigned URLs name the host clients reach (signing needs no network).
        self._signer = _client(settings, settings.s3_public_endpoint or settings.s3_endpoint)

    def new_id(self, owner: str) -> str:
        """A fresh attachment id for ``owner``: a UUIDv7 and a MAC over both."""
        base = uuid7()
        return f"{base}.{self._mac(owner, base)}"

    def issued(self, owner: str, attachment_id: str) -> bool:
        """True when ``attachment_id`` was made by ``new_id(owner)``."""
        base, _, mac = attachment_id.partition(".")
        return hmac.compare_digest(mac, self._mac(owner, base))

    def _mac(self, owner: str, base: str) -> str:
        digest = hmac.new(self._id_key, f"{owner}\0{base}".encode(), hashlib.sha256)
        return digest.hexdigest()[:20]

    def upload_url(self, key: str, *, content_type: str, size: int, name: str) -> SignedRequest:
        """A PUT URL for exactly these bytes: length, type and name are signed headers."""
        meta = {"name": quote(name, safe=""), "size": str(size)}
        params = {
            "Bucket": self.bucket,
            "Key": key,
            "ContentType": content_type,
            "ContentLength": size,
            "Metadata": meta,
        }
        headers = {"Content-Type": content_type, "Content-Length": str(size)}
        headers |= {f"x-amz-meta-{k}": v for k, v in meta.items()}
        return self._sign("put_object", params, "PUT", headers)

    def download_url(self, key: str, *, name: str, content_type: str) -> SignedRequest:
        """A GET URL, delivered as a download with the original name and the verified type."""
        disposition = f"attachment; filename*=UTF-8''{quote(name, safe='')}"
        params = {
            "Bucket": self.bucket,
            "Key": key,
            "ResponseContentDisposition": disposition,
            "ResponseContentType": content_type,
        }
        return self._sign("get_object", params, "GET", {})

    def _sign(
        self, operation: str, params: dict[str, Any], method: str, headers: dict[str, str]
    ) -> SignedRequest:
        url = self._signer.generate_presigned_url(operation, Params=params, ExpiresIn=self.ttl)
        expires = datetime.now(UTC) + timedelta(seconds=self.ttl)
        return SignedRequest(str(url), method, headers, expires)

    async def stat(self, key: str) -> StoredObject | None:
        """Size, type and metadata of an object; None when there is none."""
        try:
            head = await _call(self._s3.head_object, Bucket=self.bucket, Key=key)
        except _Missing:
            return None
        meta = {k: unquote(v) for k, v in dict(head.get("Metadata") or {}).items()}
        return StoredObject(
            int(head["ContentLength"]),
            str(head.get("ContentType", "")),
            meta,
            head.get("LastModified"),
        )

    async def read(self, key: str, limit: int | None = None) -> bytes:
        """The object's bytes (the first ``limit`` only, when given)."""
        extra = {"Range": f"bytes=0-{limit - 1}"} if limit else {}

        def get() -> bytes:
            body = self._s3.get_object(Bucket=self.bucket, Key=key, **extra)["Body"]
            with body:
                return bytes(body.read())

        try:
            return await _call(get)
        except _Missing as exc:  # deleted since it was looked up
            raise AttachmentRejected("The file is no longer stored.") from exc

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        """Store bytes the service made (a thumbnail)."""
        await _call(
            self._s3.put_object, Bucket=self.bucket, Key=key, Body=data, ContentType=content_type
        )

    async def mark(self, key: str, stored: StoredObject, **metadata: str) -> None:
        """Add metadata to an object (a copy onto itself; its bytes and type stay)."""
        await _call(
            self._s3.copy_object,
            Bucket=self.bucket,
            Key=key,
            CopySource={"Bucket": self.bucket, "Key": key},
            Metadata={k: quote(v, safe="") for k, v in {**stored.metadata, **metadata}.items()},
            MetadataDirective="REPLACE",
            ContentType=stored.content_type,
        )

    async def delete(self, *keys: str) -> None:
        """Delete objects (missing ones are fine)."""
        for key in keys:
            await _call(self._s3.delete_object, Bucket=self.bucket, Key=key)

    async def expired_uploads(self, now: datetime) -> list[str]:
        """Keys of uploads older than the expiry (the sweep keeps those a live post holds)."""

        def scan() -> list[str]:
            pages = self._s3.get_paginator("list_objects_v2")
            old, cutoff = [], now - self.expiry
            for page in pages.paginate(Bucket=self.bucket, Prefix="uploads/"):
                old += [o["Key"] for o in page.get("Contents", []) if o["LastModified"] < cutoff]
            return old

        return await _call(scan)

    def ensure_bucket(self) -> None:
        """Create the bucket when it is missing (development and tests; production owns it)."""
        try:
            self._s3.head_bucket(Bucket=self.bucket)
        except ClientError:
            self._s3.create_bucket(Bucket=self.bucket)


class _Missing(Exception):
    """S3 answered that the object does not exist."""


async def _call(function: Callable[..., T], **kwargs: Any) -> T:
    """A blocking S3 call in a thread; any failure but a missing object: StorageUnavailable."""
    try:
        return await asyncio.to_thread(function, **kwargs)
    except ClientError as exc:
        if str(exc.response.get("Error", {}).get("Code")) in _MISSING:
            raise _Missing() from exc
        raise StorageUnavailable() from exc
    except BotoCoreError as exc:
        raise StorageUnavailable() from exc
