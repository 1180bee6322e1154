"""OpenAPI schema generation tweaks (kept apart from core.api, which DRF imports early)."""

import re

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema


class AutoSchema(SpectacularAutoSchema):
    """Names nested serializers after their view (``TokenViewInput``), so that the
    ``InputSerializer``/``OutputSerializer`` of every view stay distinct components."""

    def get_serializer_name(self, serializer, direction):
        cls = serializer if isinstance(serializer, type) else type(serializer)
        parts = cls.__qualname__.split(".")
        if len(parts) > 1 and "<locals>" not in parts:
            return "".join(part.removesuffix("Serializer") for part in parts)
        return super().get_serializer_name(serializer, direction)


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
