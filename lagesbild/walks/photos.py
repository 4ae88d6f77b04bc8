"""Photos from safety walks: checked, re-encoded without metadata, stored privately, served through the app.

A phone photo carries where it was taken (EXIF GPS), when, with which device, and sometimes a preview
of the uncropped picture. None of that is kept: the app decodes the pixels (JPEG, PNG, or HEIC through
pillow-heif), applies the EXIF orientation, scales the picture down to LONG_SIDE pixels and writes a new
JPEG from the pixels alone, plus a THUMB_SIDE thumbnail. What was uploaded is never written to disk.

Refused, with a Swedish message, before anything is written:
- a file over the app's request limit (MAX_CONTENT_LENGTH; larger requests get the 413 page first);
- anything Pillow cannot open as JPEG, PNG or HEIC (a script named .jpg, an SVG, a PDF);
- a picture of more than MAX_PIXELS pixels, judged from its header before decoding (a decompression
  bomb: a few kilobytes that would need gigabytes of memory);
- a polyglot: an image that also carries HTML, script, PHP or a ZIP archive (MARKUP);
- a file that fails while decoding (truncated or damaged).

Files live in instance/walk_photos/ (0700), each 0600, named by a random token; lagesbild/storage.py.
"""

import re
import secrets
import warnings
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pillow_heif
from flask import current_app
from PIL import Image, ImageOps, UnidentifiedImageError

from lagesbild.storage import private_folder, write_private_file

pillow_heif.register_heif_opener()

FORMATS = ("JPEG", "PNG", "HEIF")
MAX_PIXELS = 50_000_000  # a 48-megapixel phone camera still fits
LONG_SIDE = 1600
THUMB_SIDE = 320
QUALITY = 85
TOKEN = re.compile(r"^[A-Za-z0-9_-]{22}$")
# What makes an image also a web page, a script or an archive. Each pattern is long enough that the
# compressed bytes of an ordinary photo practically never contain it by chance.
MARKUP = re.compile(
    rb"<(?:script|html|iframe)[\s>/]|<\?php\s|<!doctype\s|PK\x03\x04[\x0a\x14\x2d]\x00", re.IGNORECASE
)

NOT_AN_IMAGE = "Filen är ingen bild. Välj ett foto i formatet JPEG, PNG eller HEIC."
TOO_MANY_PIXELS = (
    "Bilden har för många bildpunkter (högst 50 miljoner). Ta ett nytt foto eller förminska det."
)
POLYGLOT = "Filen innehåller mer än en bild (till exempel kod eller ett arkiv) och tas inte emot."
DAMAGED = "Bilden kunde inte läsas, den verkar vara skadad. Försök med ett annat foto."


class PhotoRefused(ValueError):
    """An upload that is not a photo the app will keep; the message is Swedish, for beside the field."""


@dataclass(frozen=True)
class CleanPhoto:
    full: bytes
    thumb: bytes
    width: int
    height: int


def too_large_message() -> str:
    megabytes = current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
    return f"Bilden är för stor. Största tillåtna storlek är {megabytes} MB."


def _jpeg(image: Image.Image, side: int) -> tuple[bytes, int, int]:
    copy = image.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    out = BytesIO()
    # Saved from the pixels only: no exif=, icc_profile= or comment, so no metadata is written.
    copy.save(out, format="JPEG", quality=QUALITY, optimize=True)
    return out.getvalue(), copy.width, copy.height


def clean(data: bytes, max_bytes: int) -> CleanPhoto:
    """Check an uploaded photo and return it re-encoded (full size and thumbnail); PhotoRefused if not."""
    if not data:
        raise PhotoRefused("Filen är tom. Välj ett foto.")
    if len(data) > max_bytes:
        raise PhotoRefused(too_large_message())
    if MARKUP.search(data):
        raise PhotoRefused(POLYGLOT)
    with warnings.catch_warnings():
        # Pillow only warns between its limit and twice it; here every bomb is refused.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(BytesIO(data), formats=FORMATS)
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise PhotoRefused(TOO_MANY_PIXELS) from None
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
            raise PhotoRefused(NOT_AN_IMAGE) from None
        with image:
            if image.width * image.height > MAX_PIXELS:
                raise PhotoRefused(TOO_MANY_PIXELS)
            try:
                image.load()
                upright = ImageOps.exif_transpose(image)
                pixels = Image.new("RGB", upright.size, "white")
                pixels.paste(upright.convert("RGBA"), mask=upright.convert("RGBA"))
            except (Image.DecompressionBombWarning, Image.DecompressionBombError):
                raise PhotoRefused(TOO_MANY_PIXELS) from None
            except (OSError, ValueError, SyntaxError, EOFError):
                raise PhotoRefused(DAMAGED) from None
    full, width, height = _jpeg(pixels, LONG_SIDE)
    thumb, _, _ = _jpeg(pixels, THUMB_SIDE)
    return CleanPhoto(full=full, thumb=thumb, width=width, height=height)


# --- the files -----------------------------------------------------------------------------------


def folder() -> Path:
    return Path(current_app.instance_path) / "walk_photos"


def path(token: str, thumbnail: bool = False) -> Path:
    if not TOKEN.match(token):
        raise ValueError("bad photo token")
    return folder() / (f"{token}-liten.jpg" if thumbnail else f"{token}.jpg")


def write(photo: CleanPhoto) -> str:
    """Write the re-encoded photo and its thumbnail (0600 in a 0700 folder); return the new token."""
    token = secrets.token_urlsafe(16)
    private_folder(folder())
    write_private_file(path(token), photo.full)
    write_private_file(path(token, thumbnail=True), photo.thumb)
    return token


def remove(token: str) -> None:
    """Delete a photo's files (a save that failed after writing them leaves nothing behind)."""
    path(token).unlink(missing_ok=True)
    path(token, thumbnail=True).unlink(missing_ok=True)
