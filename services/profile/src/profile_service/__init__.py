"""Collab Hub profile service: employees, directory, org chart, following, SCIM, GDPR."""
