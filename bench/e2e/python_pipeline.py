#!/usr/bin/python3
"""The same work as `seedream-batch run` on the e2e bench manifest, as a plain Python script would do it: urllib +
a thread pool of 8 + Pillow (the bench recipe of bench/imaging/pillow_recipe.py, draft mode on). No state store, no
retries, no manifests: a lower bound on what such a script costs.
Usage: python_pipeline.py <sim-url> <jobs> <out-dir>"""
import concurrent.futures, json, os, sys, urllib.request
from PIL import Image, ImageOps

URL, JOBS, OUT = sys.argv[1].rstrip("/"), int(sys.argv[2]), sys.argv[3]
MODEL, SIZE, SEED = "seedream-3-0-t2i-250415", "2048x2048", 1234

def job(i):
    item = f"item-{i}"
    body = json.dumps({"model": MODEL, "prompt": f"a studio photo of {item}", "size": SIZE, "seed": SEED,
                       "response_format": "url", "watermark": False}).encode()
    req = urllib.request.Request(URL + "/api/v3/images/generations", data=body, method="POST",
                                 headers={"Content-Type": "application/json", "Authorization": "Bearer sim-key"})
    with urllib.request.urlopen(req, timeout=120) as r:
        answer = json.load(r)
    with urllib.request.urlopen(answer["data"][0]["url"], timeout=120) as r:
        data = r.read()
    stem = os.path.join(OUT, item)
    with open(stem + ".original.jpg", "wb") as f:
        f.write(data)
    with Image.open(stem + ".original.jpg") as im:
        im.draft("RGB", (1200, 1200))
        web = im.convert("RGB")
    web.thumbnail((1200, 1200), Image.LANCZOS)
    thumb = ImageOps.fit(web, (300, 300), Image.LANCZOS)
    web.save(stem + ".web.webp", "WEBP", quality=80, method=4)
    thumb.save(stem + ".thumb.jpg", "JPEG", quality=80)

os.makedirs(OUT, exist_ok=True)
with concurrent.futures.ThreadPoolExecutor(8) as pool:
    list(pool.map(job, range(1, JOBS + 1)))
