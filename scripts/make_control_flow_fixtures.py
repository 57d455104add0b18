#!/usr/bin/env python3
"""Make small ONNX fixtures with If nodes: the ones ConvAD inlines and the ones it refuses.

Usage (Debian's interpreter, with python3-torch / python3-onnx):

    /usr/bin/python3 scripts/make_control_flow_fixtures.py Tests/Fixtures/models/patterns

Writes, with seeded random weights (torch.manual_seed(0)), graph input `input` [N,3,32,32] (N symbolic), graph output
`logits`, 10 classes, opset 13:

  lrn_twice.onnx          two nn.LocalResponseNorm(3) in a row, as AlexNet has them (each after a convolution): torch writes
                          each squeeze(1) as an If on Equal(Gather(Shape(pooled), 1), 1), and the second If's condition reads
                          shapes that follow the first If's output.
  if_data_dependent.onnx  a scripted `if x.mean() > 0:` between the convolutions: the condition reads pixel values, so it is
                          not known at load time.
  if_batch_dependent.onnx a scripted `if x.size(0) == 1:` between the convolutions: the condition reads the batch size.

Also adds lrn_twice.onnx's logits for the seeded inputs input_{1,2}x3x32x32.bin (make_export_patterns.py writes those)
to expected.json in the same folder; the refused models need none.
"""

import json
import os
import sys
import warnings

import numpy as np
import torch
import torch.nn as nn

warnings.filterwarnings("ignore")

import onnx  # noqa: E402


class Head(nn.Module):
    """stride-2 conv → mean → fc, as make_export_patterns.PaddedCnn ends."""

    def __init__(self, channels):
        super().__init__()
        self.down = nn.Sequential(nn.Conv2d(channels, 16, 3, stride=2, padding=1), nn.ReLU())
        self.fc = nn.Linear(16, 10)

    def forward(self, x):
        return self.fc(self.down(x).mean([2, 3]))


class LrnTwice(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.LocalResponseNorm(3),
            nn.Conv2d(8, 8, 3, padding=1), nn.ReLU(), nn.LocalResponseNorm(5, alpha=1e-3))
        self.head = Head(8)

    def forward(self, x):
        return self.head(self.features(x))


class DataDependent(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU())
        self.head = Head(8)

    def forward(self, x):
        x = self.stem(x)
        if bool(x.mean() > 0):
            x = x * 2.0
        else:
            x = x - 1.0
        return self.head(x)


class BatchDependent(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU())
        self.head = Head(8)

    def forward(self, x):
        x = self.stem(x)
        if x.size(0) == 1:
            x = x * 2.0
        else:
            x = x - 1.0
        return self.head(x)


def export(model, path, scripted):
    model.eval()
    x = torch.zeros(1, 3, 32, 32)
    m = torch.jit.script(model) if scripted else model
    torch.onnx.export(m, x, path, input_names=["input"], output_names=["logits"], opset_version=13,
                      dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}}, do_constant_folding=True)
    onnx.checker.check_model(onnx.load(path))
    ops = sorted({node.op_type for node in onnx.load(path).graph.node})
    print(os.path.basename(path), os.path.getsize(path), "bytes;", " ".join(ops))


def main(outdir):
    torch.manual_seed(0)
    lrn = LrnTwice()
    data = DataDependent()
    batch = BatchDependent()
    export(lrn, os.path.join(outdir, "lrn_twice.onnx"), scripted=False)
    export(data, os.path.join(outdir, "if_data_dependent.onnx"), scripted=True)
    export(batch, os.path.join(outdir, "if_batch_dependent.onnx"), scripted=True)

    expected_path = os.path.join(outdir, "expected.json")
    with open(expected_path) as f:
        expected = json.load(f)
    entry = {}
    for n in (1, 2):
        name = f"input_{n}x3x32x32.bin"
        x = torch.from_numpy(np.fromfile(os.path.join(outdir, name), dtype="<f4").reshape(n, 3, 32, 32))
        with torch.no_grad():
            entry[name] = lrn(x).flatten().tolist()
    expected["lrn_twice.onnx"] = entry
    with open(expected_path, "w") as f:
        json.dump(expected, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "Tests/Fixtures/models/patterns")
