"""One view per resource, served as a page and as JSON (``/events``, ``/events.json``).

A view is a plain function that returns data, a dict of JSON-ready values.
`resource` registers it twice: ``PATH.json`` answers that dict as JSON, and ``PATH``
renders it into a template.  Both go through the same function with the same
parameters and dependencies, so the page and the API cannot drift apart::

    router = APIRouter()

    @resource(router, "/events", "events.html")
    def events(store: StoreDep, query: Annotated[EventQuery, Depends(event_query)]):
        return {"events": [...], "paging": ...}
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from fastapi import APIRouter, Request
from pydantic_core import to_json
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, Response

from repwatch.web.templating import render

V = TypeVar("V", bound=Callable[..., Any])


def json_path(path: str) -> str:
    """The JSON twin of a page path: ``/events`` -> ``/events.json``, ``/`` ->
    ``/index.json``."""
    return "/index.json" if path == "/" else path.rstrip("/") + ".json"


def resource(router: APIRouter, path: str, template: str, **route: Any) -> Callable[[V], V]:
    """Register `view` as GET `path` (HTML from `template`) and GET ``path.json``."""

    def register(view: V) -> V:
        returns = typing.get_type_hints(view, include_extras=True).get("return", dict[str, Any])
        router.add_api_route(
            json_path(path), json_endpoint(view), methods=["GET"], response_model=returns, **route
        )
        router.add_api_route(
            path,
            page_endpoint(view, template),
            methods=["GET"],
            response_class=HTMLResponse,
            include_in_schema=False,
            **route,
        )
        return view

    return register


def json_endpoint(view: Callable[..., Any]) -> Callable[..., Any]:
    """An endpoint with `view`'s parameters that answers its data as JSON, encoded
    straight from the data by pydantic's serializer (the bytes FastAPI would send, without
    first validating the dict against the view's ``dict[str, Any]``)."""

    def answer(request: Request, data: Mapping[str, Any]) -> Response:
        return Response(to_json(data), media_type="application/json")

    return _endpoint(view, answer, view.__name__)


def page_endpoint(view: Callable[..., Any], template: str) -> Callable[..., Any]:
    """An endpoint with `view`'s parameters that renders its data into `template`."""

    def answer(request: Request, data: Mapping[str, Any]) -> Response:
        return render(request, template, data)

    return _endpoint(view, answer, f"{view.__name__}_page")


def _endpoint(
    view: Callable[..., Any], answer: Callable[[Request, Mapping[str, Any]], Response], name: str
) -> Callable[..., Any]:
    hints = typing.get_type_hints(view, include_extras=True)
    signature = inspect.signature(view)
    params = [
        p.replace(annotation=hints.get(p.name, p.annotation)) for p in signature.parameters.values()
    ]
    request_name = next((p.name for p in params if p.annotation is Request), None)
    if request_name is None:
        request_name = "page_request_"
        params.append(
            inspect.Parameter(request_name, inspect.Parameter.KEYWORD_ONLY, annotation=Request)
        )

    async def endpoint(**kwargs: Any) -> Response:
        request: Request = kwargs[request_name]
        args = {name: value for name, value in kwargs.items() if name in signature.parameters}
        if inspect.iscoroutinefunction(view):
            data = await view(**args)
        else:
            data = await run_in_threadpool(view, **args)
        if isinstance(data, Response):
            return data
        if not isinstance(data, Mapping):
            raise TypeError(f"view {view.__name__} returned {type(data).__name__}, not a dict")
        return answer(request, data)

    endpoint.__name__ = name
    endpoint.__doc__ = view.__doc__
    endpoint.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=params, return_annotation=inspect.Signature.empty
    )
    return endpoint
