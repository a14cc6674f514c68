"""Titles in the recipient's language (de and en; anything else falls back to en)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from collab_events.notification import NotificationType

Language = str
LANGUAGES: tuple[Language, ...] = ("en", "de")

TITLES: dict[NotificationType, dict[Language, str]] = {
    "mention": {"en": "{actors} mentioned you", "de": "{actors} hat dich erwähnt"},
    "comment_on_post": {
        "en": "{actors} commented on your {thing}",
        "de": "{actors} {has} deinen {thing} kommentiert",
    },
    "reply_to_comment": {
        "en": "{actors} replied to your comment",
        "de": "{actors} hat auf deinen Kommentar geantwortet",
    },
    "reaction": {
        "en": "{actors} reacted to your {thing}",
        "de": "{actors} {has} auf deinen {thing} reagiert",
    },
    "new_follower": {"en": "{actors} started following you", "de": "{actors} {follows} dir jetzt"},
    "join_request": {
        "en": "{actors} asked to join {group}",
        "de": "{actors} {wants} {group} beitreten",
    },
    "join_approved": {
        "en": "Your request to join {group} was approved",
        "de": "Deine Beitrittsanfrage für {group} wurde angenommen",
    },
    "join_rejected": {
        "en": "Your request to join {group} was declined",
        "de": "Deine Beitrittsanfrage für {group} wurde abgelehnt",
    },
    "invitation": {
        "en": "{actors} invited you to {group}",
        "de": "{actors} hat dich in {group} eingeladen",
    },
    "post_hidden": {
        "en": "A moderator hid your post",
        "de": "Eine Moderatorin oder ein Moderator hat deinen Beitrag ausgeblendet",
    },
    "must_read": {"en": "Must read: {article}", "de": "Pflichtlektüre: {article}"},
    "must_read_reminder": {
        "en": "Reminder: please read and confirm {article}",
        "de": "Erinnerung: bitte lies und bestätige {article}",
    },
    "poll_opened": {"en": "New poll: {poll}", "de": "Neue Abstimmung: {poll}"},
    "poll_closing": {
        "en": "Closes within 24 hours, you have not voted: {poll}",
        "de": "Endet in 24 Stunden, du hast noch nicht abgestimmt: {poll}",
    },
    "poll_results": {"en": "Results are out: {poll}", "de": "Ergebnisse liegen vor: {poll}"},
}
WORDS: dict[Language, dict[str, str]] = {
    "en": {
        "and": "and",
        "others": "{n} others",
        "other": "1 other",
        "someone": "Someone",
        "post": "post",
        "comment": "comment",
        "article_thing": "article",
        "group": "a group",
        "article": "an article",
        "poll": "a poll",
    },
    "de": {
        "and": "und",
        "others": "{n} weitere",
        "other": "1 weitere Person",
        "someone": "Jemand",
        "post": "Beitrag",
        "comment": "Kommentar",
        "article_thing": "Artikel",
        "group": "eine Gruppe",
        "article": "einen Artikel",
        "poll": "eine Abstimmung",
    },
}


THINGS = {"comment": "comment", "article": "article_thing"}  # what a post-like title is about


def language_of(locale: str | None) -> Language:
    """The supported language of a BCP 47 locale (``de-AT`` -> de), else en."""
    primary = (locale or "en").replace("_", "-").split("-")[0].lower()
    return primary if primary in LANGUAGES else "en"


def actors_phrase(names: Sequence[str], count: int, language: Language) -> str:
    """ "Anna Müller", "Anna Müller and Ben Ng", "Anna Müller and 4 others"."""
    words = WORDS[language]
    if not names:
        return words["someone"]
    if count == 1:
        return names[0]
    if count == 2 and len(names) >= 2:
        return f"{names[0]} {words['and']} {names[1]}"
    rest = count - 1
    others = words["other"] if rest == 1 else words["others"].format(n=rest)
    return f"{names[0]} {words['and']} {others}"


def render_title(
    type_: NotificationType,
    language: Language,
    *,
    actors: Sequence[str],
    count: int,
    context: Mapping[str, str | None],
) -> str:
    """The title of a notification for a reader of ``language``."""
    words = WORDS[language]
    plural = count > 1
    values = {
        "actors": actors_phrase(actors, count, language),
        "group": context.get("group") or words["group"],
        "article": context.get("article") or words["article"],
        "poll": context.get("poll") or words["poll"],
        "thing": words[THINGS.get(context.get("thing") or "", "post")],
        "has": "haben" if plural else "hat",
        "follows": "folgen" if plural else "folgt",
        "wants": "möchten" if plural else "möchte",
    }
    return TITLES[type_][language].format(**values)
