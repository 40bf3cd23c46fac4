"""The shortlist vote: members vote include or not; the shortlist follows the majority with a quorum."""

urlpatterns = []
