"""Use cases of join requests and invitations."""

from __future__ import annotations

from group_service.domain import requests as rules
from group_service.domain.commands import (
    AcceptInvitation,
    ApproveRequest,
    DeclineInvitation,
    InviteMember,
    RejectRequest,
)
from group_service.domain.model import Caller
from group_service.handlers.membership import MemberOutcome, execute_member
from group_service.handlers.ports import Ports


async def invite(ports: Ports, group_id: str, employee_id: str, caller: Caller) -> MemberOutcome:
    """Invite an employee known from profile events (not erased): no invitation for nobody."""
    command = InviteMember(group_id, employee_id, caller)
    return await execute_member(ports, command, rules.decide_invite, check_known=True)


async def approve(ports: Ports, group_id: str, employee_id: str, caller: Caller) -> MemberOutcome:
    """Approve a join request: the requester joins."""
    command = ApproveRequest(group_id, employee_id, caller)
    return await execute_member(ports, command, rules.decide_approve)


async def reject(ports: Ports, group_id: str, employee_id: str, caller: Caller) -> MemberOutcome:
    """Reject a join request."""
    command = RejectRequest(group_id, employee_id, caller)
    return await execute_member(ports, command, rules.decide_reject)


async def accept(ports: Ports, group_id: str, caller: Caller) -> MemberOutcome:
    """Accept one's own invitation."""
    return await execute_member(ports, AcceptInvitation(group_id, caller), rules.decide_accept)


async def decline(ports: Ports, group_id: str, caller: Caller) -> MemberOutcome:
    """Decline one's own invitation."""
    return await execute_member(ports, DeclineInvitation(group_id, caller), rules.decide_decline)
