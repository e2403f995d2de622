"""Turning an uploaded picture into a small, clean profile photo."""

from __future__ import annotations

import io
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PHOTO_SIZE = 400
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def normalise_photo(upload: IO[bytes]) -> bytes:
    """A square-ish JPEG of at most PHOTO_SIZE pixels; re-encoding drops EXIF metadata such
    as the place where the picture was taken."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(upload) as original:
            original.load()
            picture = ImageOps.exif_transpose(original).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValidationError(_("This is not a picture we can read (use JPEG or PNG).")) from error
    picture.thumbnail((PHOTO_SIZE, PHOTO_SIZE))
    output = io.BytesIO()
    picture.save(output, format="JPEG", quality=85)
    return output.getvalue()
