"""Web glue shared by every page module: session, CSRF, templates, service calls, errors."""
