"""Organisations and their applications: models arrive with the applications issue."""
