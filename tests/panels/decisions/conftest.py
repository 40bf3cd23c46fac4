"""A round at its decision stage with a budget of £300,000, one panel of three members (quorum
three) and shortlisted applications asking for £120,000 each: the same set-up as the decision
screens' tests (tests/panels/decide/conftest.py), shared from there."""

from tests.panels.decide.conftest import application, funding_round, members, panel, shortlisted

__all__ = ["application", "funding_round", "members", "panel", "shortlisted"]
