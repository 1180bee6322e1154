"""Reads for the supervision unit's pages."""
