"""Every notification type: who gets it, whether it groups, and its default channels."""

from __future__ import annotations

from dataclasses import dataclass
from typing import get_args

from collab_events.notification import NotificationType


@dataclass(frozen=True, slots=True)
class TypeRule:
    """One documented type: the rule shown by "why", grouping and the e-mail default."""

    rule: str
    grouped: bool = False
    email: bool = False  # the default of the e-mail channel (in-app is always on by default)


# Notices of one grouped type about one target within one such window (by the causes'
# times, so a replay groups the same way) form one notification. A constant, not a
# setting: changing it would regroup what is stored.
GROUP_WINDOW_S = 86_400

CATALOG: dict[NotificationType, TypeRule] = {
    "mention": TypeRule("Someone mentioned you in a post or comment you can read.", email=True),
    "comment_on_post": TypeRule("Someone commented on your post.", grouped=True),
    "reply_to_comment": TypeRule("Someone replied to your comment."),
    "reaction": TypeRule("Someone reacted to your post or comment.", grouped=True),
    "new_follower": TypeRule("Someone started following you.", grouped=True),
    "join_request": TypeRule("Someone asked to join a group you administer.", grouped=True),
    "join_approved": TypeRule("Your request to join a group was approved."),
    "join_rejected": TypeRule("Your request to join a group was rejected."),
    "invitation": TypeRule("A group admin invited you to a group.", email=True),
    "post_hidden": TypeRule("A moderator hid a post you wrote.", email=True),
    "must_read": TypeRule("A must-read article was published for you.", email=True),
    "must_read_reminder": TypeRule(
        "A must-read article for you is not acknowledged yet.", email=True
    ),
    "poll_opened": TypeRule("A poll you may vote in opened."),
    "poll_closing": TypeRule("A poll you may still vote in closes within 24 hours.", email=True),
    "poll_results": TypeRule("A poll you voted in closed: its results are out."),
}
TYPES: tuple[NotificationType, ...] = get_args(NotificationType)
assert set(CATALOG) == set(TYPES), "every notification type is documented"
