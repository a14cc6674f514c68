"""Collection names of the notification service's read models."""

from __future__ import annotations

NOTIFICATIONS = "notifications"  # one document per notification (grouped or single)
POSTS = "posts"  # post facts: author, place, mentions, the event that created it
COMMENTS = "comments"  # comment facts: author, post, the event that created it
ARTICLES = "articles"  # must-read facts: headlines per language, the publishing event
POLLS = "polls"  # poll facts: question, electorate rule, closing time, status
VOTERS = "voters"  # who took part in which poll (``<poll>/<employee>``)
ADDRESSES = "addresses"  # employee -> e-mail address (profile events)
PREFERENCES = "preferences"  # employee -> preferences (own events)
MAILS = "mails"  # one document per e-mail: pending, sending, sent, retry, failed
MAIL_QUEUE = "mail_queue"  # key (increasing int) -> a notification the mailer must look at
MAIL_KEYS = "mail_keys"  # the queue's next key and how far the mailer has read it
UNREAD = "unread"  # employee -> their unread notifications the centre shows, and the count
