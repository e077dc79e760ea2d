"""`wirecoder serve`: a read-only JSON API (/api, OpenAPI at /api/openapi.json) and server-rendered
pages (/events, /events/{id}, /articles/{id}, /map, /timeline) over a corpus store. Every asset is in
the package (static/, its vendor/ folder with the licences); nothing is fetched from elsewhere."""

from wirecoder.web.app import create_app

__all__ = ["create_app"]
