"""The feed's own settings come from COLLAB_FEED_* variables."""

from __future__ import annotations

import pytest
from feed_service.config import FeedSettings


def test_large_group_threshold_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLLAB_FEED_LARGE_GROUP", raising=False)
    assert FeedSettings().large_group == 5000
    monkeypatch.setenv("COLLAB_FEED_LARGE_GROUP", "20000")
    monkeypatch.setenv("COLLAB_FEED_S3_BUCKET", "files")
    settings = FeedSettings()
    assert (settings.large_group, settings.s3_bucket) == (20000, "files")
    monkeypatch.setenv("COLLAB_FEED_LARGE_GROUP", "0")
    with pytest.raises(ValueError):
        FeedSettings()
