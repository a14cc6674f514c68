"""Domain errors mapped once to problem+json (raised and documented alike) for every router."""

from __future__ import annotations

from servicekit.http.problems import ProblemType
from servicekit.http.routes import ProblemCatalog

from news_service.domain import errors

CATALOG = ProblemCatalog(
    errors.DomainError,
    {
        errors.ChannelNotFound: ProblemType(404, "channel-not-found", "Channel not found"),
        errors.ArticleNotFound: ProblemType(404, "article-not-found", "Article not found"),
        errors.NotAllowed: ProblemType(403, "not-allowed", "Not allowed"),
        errors.InvalidArticle: ProblemType(422, "invalid-article", "Invalid article"),
        errors.ArticleArchived: ProblemType(409, "article-archived", "Article archived"),
        errors.NotPublished: ProblemType(409, "article-not-published", "Article not published"),
        errors.NotMustRead: ProblemType(409, "not-must-read", "Not a must-read"),
        errors.ChannelExists: ProblemType(409, "channel-exists", "Channel exists"),
        errors.CommentNotFound: ProblemType(404, "comment-not-found", "Comment not found"),
        errors.CommentsClosed: ProblemType(409, "comments-closed", "Comments closed"),
        errors.StaleVersion: ProblemType(409, "stale-version", "Not the current version"),
        errors.ReactionsClosed: ProblemType(409, "reactions-closed", "Reactions closed"),
    },
)
DomainRoute = CATALOG.route_class
raises = CATALOG.responses
