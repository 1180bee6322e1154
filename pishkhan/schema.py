"""OpenAPI schema generation tweaks (kept apart from pishkhan.api, which DRF imports early)."""

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
