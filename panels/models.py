"""Volunteer panels, conflicts of interest, scores and decisions: models arrive with the panels issue."""
