"""Pure rules: titles, grouping ids, preferences decisions, signed links, digest periods."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from collab_events.notification import Channels, NotificationPreferencesChanged, Preferences
from notification_service.delivery.compose import Line, Mail, build_message, message_id
from notification_service.delivery.digests import local_time, next_due, period_due
from notification_service.domain.catalog import CATALOG, TYPES
from notification_service.domain.notices import Cause, Notice, Target, notification_id
from notification_service.domain.preferences import (
    ChangePreferences,
    PreferencesState,
    channels,
    decide_preferences,
    replace_with,
    with_post_muted,
    with_type,
)
from notification_service.domain.render import actors_phrase, language_of, render_title
from notification_service.domain.unsubscribe import ALL, Unsubscribe, sign, verify

T0 = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def _notice(recipient: str, type_: str, at: datetime, key: str = "k") -> Notice:
    cause = Cause("ev-1", "collab.feed.reaction_set.v1", "reaction:p/x", "x", at)
    return Notice(recipient, type_, Target("post", "p-1", "/posts/p-1"), cause, key)  # type: ignore[arg-type]


def test_actor_phrases_in_both_languages() -> None:
    assert actors_phrase(["Anna Müller"], 1, "en") == "Anna Müller"
    assert actors_phrase(["Anna Müller", "Ben"], 2, "en") == "Anna Müller and Ben"
    assert actors_phrase(["Anna Müller", "Ben", "Cy"], 5, "en") == "Anna Müller and 4 others"
    assert actors_phrase(["Anna Müller", "Ben"], 2, "de") == "Anna Müller und Ben"
    assert actors_phrase(["Anna Müller", "Ben", "Cy"], 3, "de") == "Anna Müller und 2 weitere"
    assert actors_phrase([], 0, "de") == "Jemand"


def test_titles_fall_back_to_english_and_agree_in_number() -> None:
    assert (
        language_of("de-CH") == "de" and language_of("fr-FR") == "en" and language_of(None) == "en"
    )
    one = render_title("reaction", "de", actors=["Anna"], count=1, context={})
    many = render_title("reaction", "de", actors=["Anna"], count=3, context={"thing": "comment"})
    assert one == "Anna hat auf deinen Beitrag reagiert"
    assert many == "Anna und 2 weitere haben auf deinen Kommentar reagiert"
    for type_ in TYPES:  # every type renders in every language without a placeholder left
        for language in ("en", "de"):
            title = render_title(type_, language, actors=["A"], count=1, context={})
            assert "{" not in title and title


def test_grouped_types_share_one_id_per_window_single_ones_do_not() -> None:
    window = 3600
    a = notification_id(_notice("r", "reaction", T0), window)
    b = notification_id(_notice("r", "reaction", T0.replace(minute=59)), window)
    c = notification_id(_notice("r", "reaction", T0.replace(hour=11)), window)
    assert a == b != c
    assert notification_id(_notice("r", "mention", T0, "mention:p-1"), window) == "r:mention:p-1"
    assert CATALOG["reaction"].grouped and not CATALOG["mention"].grouped


def test_defaults_and_changes_of_preferences() -> None:
    default = Preferences()
    assert channels(default, "mention") == Channels(in_app=True, email=True)
    assert channels(default, "reaction") == Channels(in_app=True, email=False)
    changed = with_type(default, "mention", email=False)
    assert channels(changed, "mention") == Channels(in_app=True, email=False)
    muted = with_post_muted(with_post_muted(default, "p-1", True), "p-2", True)
    assert muted.muted_posts == ["p-1", "p-2"]
    assert with_post_muted(muted, "p-1", False).muted_posts == ["p-2"]


def test_deciding_the_same_preferences_again_changes_nothing() -> None:
    chosen = Preferences(digest="daily")
    decision = decide_preferences(
        ChangePreferences("e-1", replace_with(chosen)), PreferencesState()
    )
    [event] = decision.events("notification-preferences:e-1")
    assert isinstance(event, NotificationPreferencesChanged) and event.preferences == chosen
    again = decide_preferences(
        ChangePreferences("e-1", replace_with(chosen)), PreferencesState(chosen)
    )
    assert again.empty


def test_unsubscribe_tokens_are_signed() -> None:
    token = sign(Unsubscribe("e-1", "reaction"), "secret")
    assert verify(token, "secret") == Unsubscribe("e-1", "reaction")
    assert verify(token, "other secret") is None
    payload, _, mac = token.partition(".")
    assert verify(f"{payload[:-2]}xx.{mac}", "secret") is None
    assert verify(sign(Unsubscribe("e-1", ALL), "s"), "s") == Unsubscribe("e-1", ALL)
    assert verify(sign(Unsubscribe("e-1", "no_such_type"), "s"), "s") is None
    assert verify("garbage", "s") is None


def test_digest_periods_follow_the_local_hour() -> None:
    daily = Preferences(digest="daily", digest_hour=9)
    berlin = local_time(datetime(2026, 12, 1, 8, 30, tzinfo=UTC), "Europe/Berlin")
    new_york = local_time(datetime(2026, 12, 1, 8, 30, tzinfo=UTC), "America/New_York")
    assert period_due(daily, berlin) == "2026-12-01"
    assert period_due(daily, new_york) is None
    assert local_time(T0, "Not/AZone").utcoffset().total_seconds() == 0  # type: ignore[union-attr]
    weekly = Preferences(digest="weekly", digest_hour=9, digest_weekday=2)  # Wednesday
    tuesday = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)  # a Tuesday
    assert period_due(weekly, tuesday) is None
    assert period_due(weekly, tuesday.replace(day=2, hour=9)) == "2026-W49"
    assert period_due(Preferences(), tuesday) is None  # digest off


def test_messages_are_multipart_with_one_click_unsubscribe_and_stable_bytes() -> None:
    mail = Mail(
        to="a@example.com",
        subject="Hi",
        lines=(Line("T <b>", "https://x/p"),),
        language="en",
        unsubscribe_url="https://n/v1/unsubscribe/t",
        message_id=message_id("n:e-1:abc", "collab.example"),
    )
    first = build_message(mail, "Hub <n@collab.example>", T0)
    assert first["Message-ID"] == "<n.e-1.abc@collab.example>"
    assert first["List-Unsubscribe"] == "<https://n/v1/unsubscribe/t>"
    assert first["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert [p.get_content_type() for p in first.iter_parts()] == ["text/plain", "text/html"]
    assert "T &lt;b&gt;" in first.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert build_message(mail, "Hub <n@collab.example>", T0).as_bytes() == first.as_bytes()


def test_next_due_is_the_start_of_the_next_local_period() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    daily = Preferences(digest="daily", digest_hour=9)
    before, after = (
        datetime(2026, 3, 28, 8, tzinfo=berlin),
        datetime(2026, 3, 28, 10, tzinfo=berlin),
    )
    assert next_due(daily, before) == datetime(2026, 3, 28, 9, tzinfo=berlin)
    # Across the change to summer time the local hour stays 09:00 (07:00 UTC, not 08:00).
    sunday = next_due(daily, after)
    assert sunday == datetime(2026, 3, 29, 9, tzinfo=berlin)
    assert sunday is not None and sunday.astimezone(UTC).hour == 7
    weekly = Preferences(digest="weekly", digest_hour=9, digest_weekday=0)
    assert next_due(weekly, after) == datetime(2026, 3, 30, 9, tzinfo=berlin)  # Monday
    assert next_due(Preferences(), after) is None
