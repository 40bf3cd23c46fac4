"""The benchmark behind `make bench`: never part of the app, never collected by pytest.

`python -m bench.run` builds its own PostgreSQL database with the demo and ten times its data
(`bench.make_data`), serves it with gunicorn in production mode through `bench.settings`
(which adds a bare "ok" view at /bench/bare/), measures each page's worker CPU per request
against that bare view, runs a 50-member load scenario (`bench/locustfile.py`) and prints one
table. See bench/README.md.
"""
