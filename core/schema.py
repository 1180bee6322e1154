"""OpenAPI schema generation tweaks (kept apart from core.api, which DRF imports early)."""

import re

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class AutoSchema(SpectacularAutoSchema):
    """Names nested serializers after their view (``TokenViewInput``), so that the
    ``InputSerializer``/``OutputSerializer`` of every view stay distinct components."""

    def get_serializer_name(self, serializer, direction):
        cls = serializer if isinstance(serializer, type) else type(serializer)
        parts = cls.__qualname__.split(".")
        if len(parts) > 1 and "<locals>" not in parts:
            return "".join(part.removesuffix("Serializer") for part in parts)
        return super().get_serializer_name(serializer, direction)

    def _get_response_bodies(self, direction="response"):
        """Every operation lists the errors it can answer, all in the one JSON error form."""
        responses = super()._get_response_bodies(direction)
        if direction != "response" or not self.path.startswith("/api/v1/"):
            return responses
        for code in self._error_codes():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(response=ErrorSerializer, description=ERROR_DESCRIPTIONS[code]), code
                )
        return dict(sorted(responses.items()))

    def _error_codes(self):
        from rest_framework.permissions import AllowAny

        view = self.view
        unsafe = self.method in ("POST", "PUT", "PATCH", "DELETE")
        authenticated = bool(getattr(view, "authentication_classes", []))
        guarded = any(not issubclass(p, AllowAny) for p in getattr(view, "permission_classes", []))
        has_query = any(p.get("in") == "query" for p in self._get_parameters())
        codes = {"503"}
        if unsafe or has_query or "{" in self.path:  # a path parameter with a control character is a 400
            codes.add("400")
        if authenticated:
            codes.add("401")  # a wrong, expired or revoked token
        if guarded or (authenticated and unsafe):
            codes.add("403")
        if "{" in self.path or (self.method == "GET" and self._get_paginator() is not None):
            codes.add("404")
        if unsafe:
            codes.update({"409", "415"})
        if getattr(view, "throttle_classes", None):
            codes.add("429")
        return sorted(codes)


ERROR_DESCRIPTIONS = {
    "400": "The request is not valid: `errors` names each field and what is wrong with it.",
    "401": "No token, or the token is wrong, expired or was revoked by a password change.",
    "403": "This user may not do this.",
    "404": "Not found, or not visible to this user.",
    "409": "The state does not allow it now, someone else changed it first, or the system is busy: retry.",
    "415": "The body's content type is not accepted.",
    "429": "Too many requests, or sign-in locked after wrong passwords: wait and retry.",
    "503": "A service Pishkhan needs (the database) is briefly down: retry after `Retry-After` seconds.",
}


class ErrorSerializer(serializers.Serializer):
    """The one JSON error form of the API, with a Persian message."""

    code = serializers.CharField(help_text="A machine code in English kebab-case, e.g. `invalid`, `not_found`.")
    detail = serializers.CharField(help_text="The message for a person, in Persian.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For 400: the messages for each field (dotted names for nested fields).",
    )

    class Meta:
        ref_name = "Error"


def keep_example_names(result, generator, request, public):
    """Examples keep the names they were given (CONTRACT: ``examples.<service_code>``), where
    drf-spectacular would camel-case them: it moves the given name to ``summary``."""

    def walk(node):
        if isinstance(node, dict):
            examples = node.get("examples")
            if isinstance(examples, dict):
                renamed = {}
                for key, example in examples.items():
                    name = example.get("summary") if isinstance(example, dict) else None
                    if name and re.fullmatch(r"[a-z0-9_]+", name):
                        renamed[name] = {k: v for k, v in example.items() if k != "summary"}
                    else:
                        renamed[key] = example
                node["examples"] = renamed
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result.get("paths", {}))
    return result
