#!/usr/bin/python3
"""The bench recipe with Pillow, as a careful Python user writes it: decode once with JPEG draft mode (Pillow's
shrink-on-load), web = thumbnail to 1200 px (LANCZOS, Pillow's default reducing_gap) WebP q80 method 4, thumb =
ImageOps.fit 300x300 LANCZOS from the web image, JPEG q80; nothing but pixels is written (no EXIF/ICC).
Usage: pillow_recipe.py <in-dir> <out-dir> [--no-draft]  → one line of figures (CPU from time.process_time, in the
loop only). --no-draft decodes at full size, as a script that calls resize() instead of thumbnail()/draft() does."""
import glob, os, sys, time
from PIL import Image, ImageOps, features

DRAFT = "--no-draft" not in sys.argv

def recipe(src, stem):
    with Image.open(src) as im:
        if DRAFT:
            im.draft("RGB", (1200, 1200))
        web = im.convert("RGB")
    web.thumbnail((1200, 1200), Image.LANCZOS)
    thumb = ImageOps.fit(web, (300, 300), Image.LANCZOS)
    web.save(stem + "-web.webp", "WEBP", quality=80, method=4)
    thumb.save(stem + "-thumb.jpg", "JPEG", quality=80)
    return os.path.getsize(stem + "-web.webp") + os.path.getsize(stem + "-thumb.jpg")

def main():
    src_dir, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    files = sorted(glob.glob(os.path.join(src_dir, "**", "*.jpg"), recursive=True))
    recipe(files[0], os.path.join(out_dir, "warmup"))
    cpu0, wall0, total = time.process_time(), time.perf_counter(), 0
    for f in files:
        total += recipe(f, os.path.join(out_dir, os.path.splitext(os.path.basename(f))[0]))
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    os.remove(os.path.join(out_dir, "warmup-web.webp")); os.remove(os.path.join(out_dir, "warmup-thumb.jpg"))
    print(f"pillow{'' if DRAFT else '-nodraft'} dop=1 images={len(files)} wall_s={wall:.2f} images_per_s={len(files) / wall:.2f} cpu_s={cpu:.2f} "
          f"cpu_s_per_image={cpu / len(files):.3f} out_bytes={total} pillow={Image.__version__} webp={features.version('webp')}")

main()
