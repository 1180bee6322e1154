"""Districts' outlines for the office map, from a GeoJSON file the municipality provides.

Without a tile server the public map has no background; the districts' outlines give its dots a
place. The file is read once, when uploaded in the admin, and only what the map needs is kept:
each feature's polygon and its district number (``district`` or ``number`` among its properties).
Names come from the districts themselves, so a renamed district needs no new file.
"""

import json
import math

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.validators import is_digits, to_ascii_digits

MAX_BYTES = 2 * 1024 * 1024
MAX_FEATURES = 500
MAX_POINTS = 200_000
NUMBER_KEYS = ("district", "number", "district_number")


def _invalid(message):
    return ValidationError(message, code="invalid-geojson")


def _district_number(properties):
    for key in NUMBER_KEYS:
        value = (properties or {}).get(key)
        text = to_ascii_digits(str(value)).strip() if value is not None else ""
        if is_digits(text) and 0 < int(text) < 1000:
            return int(text)
    return None


def _ring(ring, counter):
    if not isinstance(ring, list) or len(ring) < 4:
        raise _invalid(_("Every polygon needs at least four points."))
    points = []
    for point in ring:
        if not (isinstance(point, list) and len(point) >= 2):
            raise _invalid(_("A point of a polygon is not a pair of numbers."))
        lng, lat = point[0], point[1]
        if not all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in (lng, lat)):
            raise _invalid(_("A point of a polygon is not a pair of numbers."))
        if not (-180 <= lng <= 180 and -90 <= lat <= 90):
            raise _invalid(_("A point lies outside the globe: coordinates are longitude, latitude in degrees."))
        points.append([round(float(lng), 6), round(float(lat), 6)])
    counter[0] += len(points)
    if counter[0] > MAX_POINTS:
        raise _invalid(_("The outlines have too many points; simplify them first."))
    return points


def _polygon(rings, counter):
    if not isinstance(rings, list) or not rings:
        raise _invalid(_("A polygon has no points."))
    return [_ring(ring, counter) for ring in rings]


def parse_outlines(raw):
    """A GeoJSON FeatureCollection (bytes or text) → ``{"type": "FeatureCollection", "features": [...]}``
    holding Polygon/MultiPolygon features with ``{"district": number}`` only. ValidationError otherwise."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_BYTES:
            raise _invalid(_("The file is larger than 2 MB."))
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _invalid(_("The file is not UTF-8 text.")) from None
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        raise _invalid(_("The file is not valid JSON.")) from None
    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(data.get("features"), list)
    ):
        raise _invalid(_("The file must be a GeoJSON FeatureCollection."))
    if len(data["features"]) > MAX_FEATURES:
        raise _invalid(_("The file has too many features."))
    counter = [0]
    features = []
    for feature in data["features"]:
        if not isinstance(feature, dict):
            raise _invalid(_("The file must be a GeoJSON FeatureCollection."))
        number = _district_number(feature.get("properties"))
        if number is None:
            raise _invalid(_("Every feature needs its district's number in a “district” property."))
        geometry = feature.get("geometry") or {}
        kind = geometry.get("type") if isinstance(geometry, dict) else None
        coordinates = geometry.get("coordinates") if isinstance(geometry, dict) else None
        if kind == "Polygon":
            shape = _polygon(coordinates, counter)
        elif kind == "MultiPolygon" and isinstance(coordinates, list) and coordinates:
            shape = [_polygon(polygon, counter) for polygon in coordinates]
        else:
            raise _invalid(_("Every feature must be a polygon (Polygon or MultiPolygon)."))
        features.append(
            {"type": "Feature", "properties": {"district": number}, "geometry": {"type": kind, "coordinates": shape}}
        )
    if not features:
        raise _invalid(_("The file has no district in it."))
    return {"type": "FeatureCollection", "features": features}
