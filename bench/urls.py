"""The project's URLs plus /bench/bare/: the cheapest Django response there is, through the same
middleware, as the yardstick every page is measured against. It exists only for the benchmark."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET

from commissioning.urls import handler400  # noqa: F401  (a URLconf's handlers are read from it)
from commissioning.urls import urlpatterns as project_urlpatterns


@require_GET
def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *project_urlpatterns]
