"""The feed service: posts in groups and on profiles, comments, reactions, mentions, topics."""
