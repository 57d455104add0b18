#!/usr/bin/env python3
"""Writes the models of docs/reliability.md's "Batch memory" measurements, without the onnx package (a few protobuf
fields written by hand): a small CNN on a 1024x1024 RGB input (large activations for a real photo), the same on a
3000x3000 input (9 megapixels, inside the image loader's limits: a batch of 64 is tens of GB) and a CNN on a 16384x16384
one-channel input, the largest image input validation allows (2^28 values). Random weights, seeded.

Usage: python3 scripts/make_batch_memory_models.py OUT_FOLDER
"""
import random
import struct
import sys


def varint(n):
    out = bytearray()
    n &= (1 << 64) - 1
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def field(number, wire, payload):
    key = varint((number << 3) | wire)
    if wire == 0:
        return key + varint(payload)
    return key + varint(len(payload)) + payload


def string(number, text):
    return field(number, 2, text.encode())


def attr_int(name, value):
    return field(5, 2, string(1, name) + field(3, 0, value) + field(20, 0, 2))


def attr_ints(name, values):
    return field(5, 2, string(1, name) + b"".join(field(8, 0, v) for v in values) + field(20, 0, 7))


def node(op, inputs, outputs, name, *attrs):
    body = b"".join(string(1, i) for i in inputs) + b"".join(string(2, o) for o in outputs) + string(3, name) + string(4, op)
    return field(1, 2, body + b"".join(attrs))


def tensor(name, dims, rng):
    count = 1
    for d in dims:
        count *= d
    scale = 1.0 / max(1, count // dims[0]) ** 0.5
    raw = struct.pack("<%df" % count, *(rng.uniform(-scale, scale) for _ in range(count)))
    return field(5, 2, b"".join(field(1, 0, d) for d in dims) + field(2, 0, 1) + string(8, name) + field(9, 2, raw))


def value_info(number, name, dims):
    shape = b"".join(field(1, 2, field(1, 0, d)) for d in dims)
    return field(number, 2, string(1, name) + field(2, 2, field(1, 2, field(1, 0, 1) + field(2, 2, shape))))


def cnn(size, channels, widths, classes, seed):
    rng = random.Random(seed)
    nodes, inits, x, c = [], [], "image", channels
    for i, w in enumerate(widths):
        inits.append(tensor("w%d" % i, [w, c, 3, 3], rng))
        inits.append(tensor("b%d" % i, [w], rng))
        nodes.append(node("Conv", [x, "w%d" % i, "b%d" % i], ["c%d" % i], "conv%d" % i,
                          attr_ints("kernel_shape", [3, 3]), attr_ints("strides", [2, 2]), attr_ints("pads", [1, 1, 1, 1])))
        nodes.append(node("Relu", ["c%d" % i], ["r%d" % i], "relu%d" % i))
        x, c = "r%d" % i, w
    inits.append(tensor("fc_w", [classes, c], rng))
    inits.append(tensor("fc_b", [classes], rng))
    nodes.append(node("GlobalAveragePool", [x], ["gap"], "gap"))
    nodes.append(node("Flatten", ["gap"], ["flat"], "flatten", attr_int("axis", 1)))
    nodes.append(node("Gemm", ["flat", "fc_w", "fc_b"], ["logits"], "fc", attr_int("transB", 1)))
    graph = b"".join(nodes) + string(2, "cnn") + b"".join(inits) + value_info(11, "image", [1, channels, size, size]) + value_info(12, "logits", [1, classes])
    return field(1, 0, 8) + field(8, 2, string(1, "") + field(2, 0, 13)) + field(7, 2, graph)


def main():
    out = sys.argv[1]
    with open(out + "/cnn-1024.onnx", "wb") as f:
        f.write(cnn(1024, 3, [16, 32], 10, 1))
    with open(out + "/cnn-3000.onnx", "wb") as f:
        f.write(cnn(3000, 3, [16, 32], 10, 3))
    with open(out + "/cnn-16384-gray.onnx", "wb") as f:
        f.write(cnn(16384, 1, [4, 8], 10, 2))


if __name__ == "__main__":
    main()
