"""The member screens' set-up (a panel at shortlisting, an application, a seated member and a
colleague), shared with the shortlist tests."""

from tests.panels.views.conftest import application, colleague, funding_round, member, member_client, panel

__all__ = ["application", "colleague", "funding_round", "member", "member_client", "panel"]
