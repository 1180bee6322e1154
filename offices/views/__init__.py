"""Pages of the office network: public directory, supervision, "My office", instructions."""
