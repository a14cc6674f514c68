"""The follow aggregate (stream ``follow:<follower>/<followee>``): one relationship."""

from __future__ import annotations

from dataclasses import dataclass

from collab_events import Event
from collab_events.profile import EmployeeFollowed, EmployeeUnfollowed

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


def decide_follow(state: Follow, *, follower: Employee, followee: Employee) -> list[Event]:
    """Follow an active colleague; following again is a no-op."""
    if state.follower == state.followee:
        raise CannotFollowSelf()
    if not follower.exists or not follower.active:
        raise NotAnActiveEmployee(state.follower)
    if not followee.exists:
        raise EmployeeNotFound(state.followee)
    if not followee.active:
        raise FollowTargetInactive(state.followee)
    if state.following:
        return []
    return [EmployeeFollowed(follower_id=state.follower, followee_id=state.followee)]


def decide_unfollow(state: Follow) -> list[Event]:
    """Stop following; unfollowing what is not followed is a no-op."""
    if not state.following:
        return []
    return [EmployeeUnfollowed(follower_id=state.follower, followee_id=state.followee)]
