"""Talking together: the discussion of each application, questions to staff, together sessions."""

urlpatterns = []
