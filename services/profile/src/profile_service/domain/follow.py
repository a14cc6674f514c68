"""The follow aggregate (stream ``follow:<follower>/<followee>``): one relationship."""

from __future__ import annotations

from dataclasses import dataclass

from collab_events import Event
from collab_events.profile import EmployeeFollowed, EmployeeUnfollowed
from servicekit.commands import NO_CHANGE, Aggregate, Decision

from profile_service.domain.employee import Employee
from profile_service.domain.errors import (
    CannotFollowSelf,
    EmployeeNotFound,
    FollowTargetInactive,
    NotAnActiveEmployee,
)


@dataclass(frozen=True, slots=True)
class Follow:
    """Whether ``follower`` currently follows ``followee``."""

    follower: str
    followee: str
    following: bool = False


def subject(follower: str, followee: str) -> str:
    """The stream id of one follow relationship."""
    return f"follow:{follower}/{followee}"


def evolve(state: Follow, event: Event) -> Follow:
    """Apply one event to the state."""
    match event:
        case EmployeeFollowed():
            return Follow(state.follower, state.followee, following=True)
        case EmployeeUnfollowed():
            return Follow(state.follower, state.followee, following=False)
    return state


def aggregate(follower: str, followee: str) -> Aggregate[Follow]:
    """How to fold the stream of one follow relationship."""
    return Aggregate(initial=lambda: Follow(follower, followee), evolve=evolve)


@dataclass(frozen=True, slots=True)
class FollowEmployee:
    """``follower_id`` follows ``followee_id``."""

    follower_id: str
    followee_id: str


@dataclass(frozen=True, slots=True)
class UnfollowEmployee:
    """``follower_id`` stops following ``followee_id``."""

    follower_id: str
    followee_id: str


@dataclass(frozen=True, slots=True)
class FollowContext:
    """The relationship and both people, as a follow decision needs them."""

    follow: Follow
    follower: Employee
    followee: Employee


def decide_follow(command: FollowEmployee, state: FollowContext) -> Decision:
    """Follow an active colleague; following again is a no-op."""
    follower, followee = command.follower_id, command.followee_id
    if follower == followee:
        raise CannotFollowSelf()
    if not state.follower.exists or not state.follower.active:
        raise NotAnActiveEmployee(follower)
    if not state.followee.exists:
        raise EmployeeNotFound(followee)
    if not state.followee.active:
        raise FollowTargetInactive(followee)
    if state.follow.following:
        return NO_CHANGE
    event = EmployeeFollowed(follower_id=follower, followee_id=followee)
    return Decision.of(subject(follower, followee), event)


def decide_unfollow(command: UnfollowEmployee, state: Follow) -> Decision:
    """Stop following; unfollowing what is not followed is a no-op."""
    if not state.following:
        return NO_CHANGE
    event = EmployeeUnfollowed(follower_id=command.follower_id, followee_id=command.followee_id)
    return Decision.of(subject(command.follower_id, command.followee_id), event)
