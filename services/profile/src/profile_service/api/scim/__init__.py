"""SCIM 2.0 (RFC 7643/7644) provisioning of employees at /scim/v2/Users."""
