"""Stored events the erasure redacted (``{}`` in the voter's field) still decode."""

from __future__ import annotations

import pytest
from collab_events.polling import ERASED_EMPLOYEE, BallotCast, BallotCredentialIssued, VoteChanged
from pydantic import ValidationError


def test_a_redacted_credential_names_erased_and_a_redacted_ballot_no_voter() -> None:
    issued = BallotCredentialIssued.model_validate({"poll_id": "p", "employee_id": {}})
    assert issued.employee_id == ERASED_EMPLOYEE
    for model in (BallotCast, VoteChanged):
        ballot = {"poll_id": "p", "ballot_id": "b", "receipt": "r", "choice": ["o1"]}
        assert model.model_validate({**ballot, "voter_id": {}}).voter_id is None
        assert model.model_validate({**ballot, "voter_id": "e-1"}).voter_id == "e-1"


def test_only_the_redaction_marker_is_admitted() -> None:
    with pytest.raises(ValidationError):
        BallotCredentialIssued.model_validate({"poll_id": "p", "employee_id": {"x": 1}})
    with pytest.raises(ValidationError):
        BallotCredentialIssued.model_validate({"poll_id": "p", "employee_id": ""})
