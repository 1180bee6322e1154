"""Site photos: checked like documents (by content), the original kept, smaller copies for screens."""

import io
import uuid

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from core.errors import DomainError
from core.uploads import check_upload
from core.validators import normalize_text
from inspections.models import VisitPhoto

DISPLAY_WIDTH = 1280
THUMBNAIL_WIDTH = 360
MAX_PHOTOS = 20


def check_photos(uploads, already=0):
    """Check every upload before any is stored: one bad photo refuses them all (nothing half-saved)."""
    uploads = [u for u in uploads or [] if u]
    if already + len(uploads) > MAX_PHOTOS:
        message = _("At most %(n)d photos per report.") % {"n": MAX_PHOTOS}
        raise DomainError("too-many-photos", message, fields={"photos": [message]})
    checked = []
    for upload in uploads:
        try:
            checked.append((upload, *check_upload(upload, images_only=True)))
        except DomainError as exc:
            name = normalize_text(getattr(upload, "name", ""))
            message = f"{name}: {exc.message}" if name else exc.message
            raise DomainError(exc.code, message, fields={"photos": [message]}) from None
    return checked


def _resized(image, width):
    copy = image.copy()
    if copy.width > width:
        # At least one pixel high: a picture far wider than high (a strip) would round to none.
        copy = copy.resize((width, max(1, round(copy.height * width / copy.width))), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    copy.convert("RGB").save(buffer, format="JPEG", quality=82, optimize=True)
    return buffer.getvalue()


def store_photos(*, report, actor, checked):
    """Save checked uploads on ``report``: original as sent, plus display and thumbnail JPEGs."""
    photos = []
    for upload, content_type, ext, sha256 in checked:
        upload.seek(0)
        with Image.open(upload) as raw:
            # Phones store the camera's rotation in EXIF; the copies are turned upright once, here.
            image = ImageOps.exif_transpose(raw)
            image.load()
        stem = uuid.uuid4().hex
        original_name = normalize_text(getattr(upload, "name", ""))[-200:] or f"photo.{ext}"
        upload.seek(0)
        upload.name = f"{stem}.{ext}"
        photo = VisitPhoto(
            report=report,
            case_id=report.case_id,
            original_name=original_name,
            content_type=content_type,
            size=upload.size,
            sha256=sha256,
            width=image.width,
            height=image.height,
            uploaded_by=actor,
        )
        photo.original.save(upload.name, upload, save=False)
        photo.display.save(f"{stem}-display.jpg", ContentFile(_resized(image, DISPLAY_WIDTH)), save=False)
        photo.thumbnail.save(f"{stem}-thumb.jpg", ContentFile(_resized(image, THUMBNAIL_WIDTH)), save=False)
        photo.save()
        photos.append(photo)
    return photos


def copy_photos(source, target):
    """A correction starts with the photos of the version it corrects (same files, new rows)."""
    VisitPhoto.objects.bulk_create(
        [
            VisitPhoto(
                report=target,
                case_id=target.case_id,
                original=p.original.name,
                display=p.display.name,
                thumbnail=p.thumbnail.name,
                original_name=p.original_name,
                content_type=p.content_type,
                size=p.size,
                sha256=p.sha256,
                width=p.width,
                height=p.height,
                uploaded_by=p.uploaded_by,
            )
            for p in source.photos.all()
        ]
    )
