"""The panel pack: a member's applications and blank scoring sheets as a PDF, for people who prefer paper."""

urlpatterns = []
