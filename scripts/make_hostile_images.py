#!/usr/bin/env python3
"""Make the hostile image files the image loader is tested against (small files that decode into huge work).

Usage: /usr/bin/python3 scripts/make_hostile_images.py Tests/Fixtures/images/hostile

  gif_screen_frames.gif   a 6000x6000 logical screen with 300 frames of 1x1 pixel (6.9 KB): decoding every frame
                          onto its canvas takes gigabytes.
  png_ztxt_bomb.png       a valid 1x1 PNG with a zTXt chunk that inflates to 1 GiB (about 1 MB on disk).
  png_itxt_bomb.png       the same with a compressed iTXt chunk.
  tiff_big_second_page.tif  a 64x64 first page and a 20000x20000 bilevel second page (deflate, small on disk).
  truncated.jpg           data/photos/cat.jpg cut to 30% of its bytes (no end-of-image marker).
  truncated.png           data/photos/fish.png cut to 60% of its bytes (no IEND chunk).
"""

import os
import struct
import sys
import zlib


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def png_1x1(extra):
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + extra + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def zeros_compressed(n):
    c = zlib.compressobj(9)
    block = b"\x00" * (1 << 20)
    out = [c.compress(block) for _ in range(n >> 20)]
    out.append(c.flush())
    return b"".join(out)


def gif_screen_frames(width=6000, height=6000, frames=300):
    out = bytearray(b"GIF89a" + struct.pack("<HH", width, height) + bytes([0xF0, 0, 0]) + bytes(6))  # 2-colour global table
    out += b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"
    for i in range(frames):
        out += b"\x21\xf9\x04\x00\x00\x00\x00\x00"  # graphic control
        x, y = (i * 17) % width, (i * 31) % height
        out += b"\x2c" + struct.pack("<HHHH", x, y, 1, 1) + b"\x00"
        out += b"\x02\x02\x44\x01\x00"  # LZW min code size 2, one sub-block: clear, 0, end
    out += b"\x3b"
    return bytes(out)


def main(outdir):
    os.makedirs(outdir, exist_ok=True)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

    def write(name, data):
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(data)
        print(name, len(data), "bytes")

    write("gif_screen_frames.gif", gif_screen_frames())
    bomb = zeros_compressed(1 << 30)
    write("png_ztxt_bomb.png", png_1x1(chunk(b"zTXt", b"Comment\x00\x00" + bomb)))
    write("png_itxt_bomb.png", png_1x1(chunk(b"iTXt", b"Comment\x00\x01\x00\x00\x00" + bomb)))

    from PIL import Image
    first = Image.new("RGB", (64, 64), (200, 30, 30))
    second = Image.new("1", (20000, 20000), 1)
    path = os.path.join(outdir, "tiff_big_second_page.tif")
    first.save(path, save_all=True, append_images=[second], compression="tiff_deflate")
    print("tiff_big_second_page.tif", os.path.getsize(path), "bytes")

    for name, source, share in (("truncated.jpg", "cat.jpg", 0.3), ("truncated.png", "fish.png", 0.6)):
        with open(os.path.join(root, "data", "photos", source), "rb") as f:
            data = f.read()
        write(name, data[: int(len(data) * share)])


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "Tests/Fixtures/images/hostile")
