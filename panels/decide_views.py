"""Deciding: decision votes with the budget line, recording the decision with its rationale,
the panel's feedback, and staff recording the meeting."""

urlpatterns = []
