#!/usr/bin/env python3
"""Writes the fuzzers' seed corpora (Tests/Fuzz/corpus/TARGET/): small real inputs each harness starts from.

Models and sidecars are copied from the repository; the images are written here, one tiny file per format the
loader accepts (standard library only), plus one real photo. Run from the repository root; scripts/fuzz.sh reads them.
"""
import shutil
import struct
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "Tests" / "Fuzz" / "corpus"

MODELS = [
    "Tests/Fixtures/models/semantics/reference_net.onnx",
    "Tests/Fixtures/models/qoperator/qoperator_nhwc_maxpool.onnx",
    "Tests/Fixtures/models/qoperator/qoperator_pools.onnx",
    "Tests/Fixtures/models/pad_refusals/pads_wrap.onnx",
    "Tests/Fixtures/models/special/qlinear_cnn.onnx",
    "Tests/Fixtures/models/special/resize_cnn.onnx",
    "Tests/Fixtures/models/patterns/dynamic_hw.onnx",
]
SIDECARS = [
    "Tests/Fixtures/models/patterns/dynamic_hw.convad.json",
    "models/cifar10/resnet20-int8.convad.json",
    "models/mnist/mnist-8.convad.json",
    "models/shufflenet-v2/shufflenet-v2-12-qdq.convad.json",
    "models/squeezenet1.1/squeezenet1.1-fp16.convad.json",
]

W, H = 4, 3
PIXELS = [((x * 60) % 256, (y * 90) % 256, ((x + y) * 40) % 256) for y in range(H) for x in range(W)]


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\0" + bytes(v for p in PIXELS[y * W:(y + 1) * W] for v in p) for y in range(H))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0))
            + chunk(b"tEXt", b"Comment\0seed") + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def bmp() -> bytes:
    stride = (W * 3 + 3) & ~3
    rows = b"".join(bytes(v for p in PIXELS[y * W:(y + 1) * W] for v in reversed(p)).ljust(stride, b"\0") for y in reversed(range(H)))
    header = struct.pack("<IiiHHIIiiII", 40, W, H, 1, 24, 0, len(rows), 2835, 2835, 0, 0)
    return b"BM" + struct.pack("<IHHI", 14 + len(header) + len(rows), 0, 0, 14 + len(header)) + header + rows


def tga() -> bytes:
    header = struct.pack("<BBBHHBHHHHBB", 0, 0, 2, 0, 0, 0, 0, 0, W, H, 24, 0x20)
    return header + b"".join(bytes(reversed(p)) for p in PIXELS)


def ppm() -> bytes:
    return f"P6\n{W} {H}\n255\n".encode() + b"".join(bytes(p) for p in PIXELS)


def gif() -> bytes:
    # 2×2, two colours, LZW minimum code size 2: clear, 0, 1, 1, 0, end.
    palette = bytes([255, 0, 0, 0, 0, 255, 0, 0, 0, 0, 0, 0])
    return (b"GIF89a" + struct.pack("<HHBBB", 2, 2, 0x81, 0, 0) + palette
            + b"\x2c" + struct.pack("<HHHHB", 0, 0, 2, 2, 0) + b"\x02\x02\x44\x0a\x00" + b"\x3b")


def main() -> None:
    for target, files in (("onnx", MODELS), ("generator", MODELS), ("sidecar", SIDECARS)):
        folder = CORPUS / target
        folder.mkdir(parents=True, exist_ok=True)
        for f in files:
            shutil.copyfile(ROOT / f, folder / Path(f).name)
    images = CORPUS / "image"
    images.mkdir(parents=True, exist_ok=True)
    for name, data in (("seed.png", png()), ("seed.bmp", bmp()), ("seed.tga", tga()), ("seed.ppm", ppm()), ("seed.gif", gif())):
        (images / name).write_bytes(data)
    shutil.copyfile(ROOT / "data/cifar10-test/cat/0000.jpg", images / "cifar_cat.jpg")


if __name__ == "__main__":
    main()
