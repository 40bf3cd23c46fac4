"""Organisations' and applications' screens, by area."""
