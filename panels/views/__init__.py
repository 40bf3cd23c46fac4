"""A panel's screens, by area."""
