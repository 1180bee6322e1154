"""The supervision unit's API (CONTRACT.md, "Supervision")."""
