"""Interviews: slots offered by staff and booked by organisations, interview questions."""

urlpatterns = []
