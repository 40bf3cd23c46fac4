"""The decision report (built in the background) and the closing of a round."""

urlpatterns = []
