"""What goes into a person's mail: the notifications as lines in their language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from collab_replicas import Person, Replicas

from notification_service.config import NotificationOptions
from notification_service.delivery.compose import Line, Mail, digest_subject, message_id
from notification_service.domain.render import language_of
from notification_service.domain.unsubscribe import Unsubscribe, sign
from notification_service.queries.views import views


def unsubscribe_url(options: NotificationOptions, request: Unsubscribe) -> str:
    """The signed one-click link of one type (or the digest)."""
    token = sign(request, options.unsubscribe_secret.get_secret_value())
    return f"{options.public_url}/v1/unsubscribe/{token}"


async def compose(
    replicas: Replicas,
    options: NotificationOptions,
    *,
    mail_id: str,
    to: str,
    employee_id: str,
    docs: Sequence[dict[str, Any]],
    digest: bool,
    people: Mapping[str, Person] | None = None,
) -> Mail:
    """One mail: a single notification (its title as the subject) or a digest.

    ``people``: the recipient and actors read already (a batch of mails reads them once).
    """
    if people is not None and employee_id in people:
        person: Person | None = people[employee_id]
    else:
        person = await replicas.people.person(employee_id)
    language = language_of(person.locale if person else None)
    known = dict(people or {})
    if person is not None:
        known[employee_id] = person
    seen = await views(replicas, employee_id, docs, people=known)
    lines = tuple(Line(v.title, f"{options.app_url}{v.link}") for v in seen)
    subject = digest_subject(len(lines), language) if digest else lines[0].title
    kind = "all" if digest else seen[0].type
    return Mail(
        to=to,
        subject=subject,
        lines=lines,
        language=language,
        unsubscribe_url=unsubscribe_url(options, Unsubscribe(employee_id, kind)),
        message_id=message_id(mail_id, options.mail_domain),
    )
