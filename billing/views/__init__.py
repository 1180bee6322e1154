"""Billing pages: slips, duty desks, online payment, reconciliation, settlement."""
