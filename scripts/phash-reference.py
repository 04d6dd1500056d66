"""Reference pHashes for test/phash.test.ts, computed by Python's `imagehash.phash`.

Regenerates test/fixtures/phash/expected.json ({file: hex}) from the images in that folder
(the images themselves come from `npx tsx scripts/phash-fixtures.ts`). Needs Pillow + imagehash:

    python3 -m venv /tmp/ih && /tmp/ih/bin/pip install imagehash
    /tmp/ih/bin/python scripts/phash-reference.py

Images with transparency are flattened onto white first, as our hash does: alpha_composite onto
an opaque white RGBA picture, then convert to RGB; imagehash.phash then converts to "L" itself.
"""
import json
import pathlib

import imagehash
from PIL import Image

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "test" / "fixtures" / "phash"
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff"}


def flattened(image: Image.Image) -> Image.Image:
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return image


def main() -> None:
    expected = {}
    for path in sorted(FIXTURES.iterdir()):
        if path.suffix.lower() not in IMAGE_SUFFIXES:
            continue
        with Image.open(path) as image:
            image.load()
            expected[path.name] = str(imagehash.phash(flattened(image)))
        print(f"{path.name:24} {image.mode:5} {expected[path.name]}")
    (FIXTURES / "expected.json").write_text(json.dumps(expected, indent=2) + "\n")
    print(f"wrote {FIXTURES / 'expected.json'} (imagehash {imagehash.__version__})")


if __name__ == "__main__":
    main()
