"""Panel forms, by area."""
