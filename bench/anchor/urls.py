from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from bench.anchor.models import Person


def bare(request):
    """The least a Django view can do: the framework's own cost per request."""
    return HttpResponse("ok", content_type="text/plain")


def rows(request):
    """A plain template listing 50 rows from PostgreSQL: the yardstick page."""
    people = Person.objects.order_by("id")[:50]
    return render(request, "rows.html", {"people": people})


urlpatterns = [path("bare/", bare), path("rows/", rows)]
