"""The HTTP API, version 1: bearer tokens, OpenAPI docs at ``/api/v1/docs``."""

from ninja import NinjaAPI

from accounts.tokens import ScopedBearerAuth
from evidence import access
from evidence.api import router as evidence_router

api = NinjaAPI(
    title="Indisputable API",
    version="1",
    auth=ScopedBearerAuth(),
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("/evidence", evidence_router)
api.add_router("/custody", "chain_of_custody.api.router")
api.add_router("/cases", "cases.api.router")
api.add_router("/search", "search.api.router")


@api.exception_handler(access.AccessDenied)
def access_denied(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=403)
