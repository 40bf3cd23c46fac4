"""Feedback letters and the 360Giving open data of awarded grants."""

urlpatterns = []
