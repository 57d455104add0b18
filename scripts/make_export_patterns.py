#!/usr/bin/env python3
"""Make small ONNX fixtures for the export patterns real classifiers use (dynamic shapes, explicit padding…).

Usage (Debian's interpreter, with python3-torch / python3-onnx):

    /usr/bin/python3 scripts/make_export_patterns.py Tests/Fixtures/models/patterns

Writes, with seeded random weights (torch.manual_seed(0)), graph input `input`, graph output `logits`, 10 classes, 32x32:

  shuffle_dynamic_batch.onnx  torchvision's channel shuffle (x.size() → view → transpose → view) exported with a dynamic
                              batch (dynamic_axes on axis 0, opset 13): the shuffle's reshape targets are computed at run
                              time as Cast(Cast(Div(Gather(Shape(x)), groups))) and Concat.

  pad_avgpool.onnx            F.avg_pool2d(x, 3, stride=1, padding=1) (count_include_pad): torch writes an explicit
                              constant Pad (its pads a constant) before an unpadded AveragePool; opset 13.
  pad_zero_conv.onnx          nn.ZeroPad2d(1) before an unpadded 3x3 convolution; opset 13 (pads a folded subgraph).
  pad_reflect.onnx            nn.ReflectionPad2d(1) before a 3x3 convolution; opset 13.
  pad_replicate.onnx          nn.ReplicationPad2d((1, 2, 0, 1)) before a 3x3 stride-2 convolution; opset 13.
  pad_constant_value.onnx     nn.ConstantPad2d((2, 1, 1, 2), 0.5) before a 3x3 convolution; opset 13.
  pad_opset10.onnx            nn.ReflectionPad2d(1) and nn.ZeroPad2d(1) exported with opset 10 (pads as attribute).
  lrn.onnx                    nn.LocalResponseNorm(3) in a small CNN: torch's subgraph (Mul, Unsqueeze, a Pad of the
                              channel axis of a rank-5 tensor, a 3-D AveragePool with kernel (3,1,1)) squeezes with an If
                              whose condition follows from the shapes (ConvAD inlines its Squeeze branch).
  lrn_channel_pool.onnx       the same computation written out with flatten(1, 2) in place of squeeze(1), which torch
                              writes without an If.
  dynamic_h.onnx              the same network exported with dynamic_axes on N and H only: [N,3,H,32].
  dynamic_hw.onnx             a fully-convolutional classifier (convolutions, a padded max-pool, adaptive average pool,
                              flatten, linear: the head of torchvision's MobileNetV2) exported with dynamic_axes on N, H
                              and W: the input is [N,3,H,W] with H and W symbolic, so it runs at a size the user states.

Also writes expected.json: torch's logits for a seeded input of batch 1 and 2 (raw little-endian float32 in input_*.bin),
at 32x32 for every model and, for dynamic_hw.onnx, also at 24x40 (a size it was not exported at, H ≠ W), for
dynamic_h.onnx at 24x32.
"""

import json
import os
import sys
import warnings

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

warnings.filterwarnings("ignore")

import onnx  # noqa: E402

SEED = 0


def channel_shuffle(x, groups):
    # torchvision.models.shufflenetv2.channel_shuffle, as written there.
    batchsize, num_channels, height, width = x.size()
    channels_per_group = num_channels // groups
    x = x.view(batchsize, groups, channels_per_group, height, width)
    x = torch.transpose(x, 1, 2).contiguous()
    return x.view(batchsize, -1, height, width)


class ShuffleNetLike(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU())
        self.branch = nn.Sequential(nn.Conv2d(4, 4, 3, stride=1, padding=1, groups=4), nn.Conv2d(4, 4, 1), nn.ReLU())
        self.down = nn.Sequential(nn.Conv2d(8, 16, 3, stride=2, padding=1), nn.ReLU())
        self.fc = nn.Linear(16, 10)

    def forward(self, x):
        x = self.stem(x)
        a, b = x.chunk(2, dim=1)
        x = channel_shuffle(torch.cat((a, self.branch(b)), dim=1), 2)
        x = self.down(x)
        return self.fc(x.mean([2, 3]))


class PaddedCnn(nn.Module):
    """stem → the pattern under test (`middle`, 8 channels in) → stride-2 conv → mean → fc."""

    def __init__(self, middle, channels):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU())
        self.middle = middle
        self.down = nn.Sequential(nn.Conv2d(channels, 16, 3, stride=2, padding=1), nn.ReLU())
        self.fc = nn.Linear(16, 10)

    def forward(self, x):
        x = self.middle(self.stem(x))
        return self.fc(self.down(x).mean([2, 3]))


class AvgPoolPadded(nn.Module):
    def forward(self, x):
        return F.avg_pool2d(x, 3, stride=1, padding=1)


class ChannelLrn(nn.Module):
    """torch.nn.functional.local_response_norm for 4-D input, with flatten(1, 2) where torch squeezes (an If in ONNX)."""

    def __init__(self, size, alpha=1e-4, beta=0.75, k=1.0):
        super().__init__()
        self.size, self.alpha, self.beta, self.k = size, alpha, beta, k

    def forward(self, x):
        div = (x * x).unsqueeze(1)
        div = F.pad(div, (0, 0, 0, 0, self.size // 2, (self.size - 1) // 2))
        div = F.avg_pool3d(div, (self.size, 1, 1), stride=1).flatten(1, 2)
        return x / div.mul(self.alpha).add(self.k).pow(self.beta)


class FullyConvolutional(nn.Module):
    """Any input size: the spatial extent ends in an adaptive average pool, as torchvision's MobileNetV2 ends."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(),
            nn.MaxPool2d(3, stride=2, padding=1),
            nn.Conv2d(8, 16, 3, stride=2, padding=1), nn.ReLU6())
        self.fc = nn.Linear(16, 10)

    def forward(self, x):
        x = F.adaptive_avg_pool2d(self.features(x), (1, 1))
        return self.fc(torch.flatten(x, 1))


def padded(pad, stride=1):
    return PaddedCnn(nn.Sequential(pad, nn.Conv2d(8, 8, 3, stride=stride), nn.ReLU()), 8)


def with_statistics(model):
    # Seeded, right after the model's weights, so adding a model never changes the ones before it.
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 1.5)
    return model


def export(model, path, dynamic, opset=13):
    """dynamic: False (all fixed), True (batch symbolic), "NHW" (batch, height and width symbolic) or "NH" (batch and height)."""
    model.eval()
    x = torch.zeros(1, 3, 32, 32)
    input_axes = {"NHW": {0: "N", 2: "H", 3: "W"}, "NH": {0: "N", 2: "H"}}.get(dynamic, {0: "N"})
    axes = {"input": input_axes, "logits": {0: "N"}} if dynamic else None
    torch.onnx.export(model, x, path, input_names=["input"], output_names=["logits"], opset_version=opset,
                      dynamic_axes=axes, do_constant_folding=True)
    onnx.checker.check_model(onnx.load(path))


def main(outdir):
    os.makedirs(outdir, exist_ok=True)
    torch.manual_seed(SEED)
    expected = {}
    models = {"shuffle_dynamic_batch.onnx": (with_statistics(ShuffleNetLike()), True)}
    models["pad_avgpool.onnx"] = (with_statistics(PaddedCnn(AvgPoolPadded(), 8)), True)
    models["pad_zero_conv.onnx"] = (with_statistics(padded(nn.ZeroPad2d(1))), True)
    models["pad_reflect.onnx"] = (with_statistics(padded(nn.ReflectionPad2d(1))), True)
    models["pad_replicate.onnx"] = (with_statistics(padded(nn.ReplicationPad2d((1, 2, 0, 1)), stride=2)), True)
    models["pad_constant_value.onnx"] = (with_statistics(padded(nn.ConstantPad2d((2, 1, 1, 2), 0.5))), True)
    models["pad_opset10.onnx"] = (with_statistics(PaddedCnn(nn.Sequential(nn.ReflectionPad2d(1), nn.Conv2d(8, 8, 3), nn.ReLU(),
                                                          nn.ZeroPad2d(1), nn.Conv2d(8, 8, 3), nn.ReLU()), 8)), (True, 10))
    models["lrn.onnx"] = (with_statistics(PaddedCnn(nn.Sequential(nn.LocalResponseNorm(3), nn.Conv2d(8, 8, 1), nn.ReLU()), 8)), True)
    models["lrn_channel_pool.onnx"] = (with_statistics(PaddedCnn(nn.Sequential(ChannelLrn(3), nn.Conv2d(8, 8, 1), nn.ReLU()), 8)), True)
    models["dynamic_hw.onnx"] = (with_statistics(FullyConvolutional()), "NHW")
    # Created after the others, so their weights stay as they were.
    models["dynamic_h.onnx"] = (with_statistics(FullyConvolutional()), "NH")
    gen = torch.Generator().manual_seed(SEED)
    inputs = {f"input_{n}x3x32x32.bin": torch.rand(n, 3, 32, 32, generator=gen) * 2 - 1 for n in (1, 2)}
    # Drawn after the 32x32 inputs, so those stay as they were.
    other_size = {f"input_{n}x3x24x40.bin": torch.rand(n, 3, 24, 40, generator=gen) * 2 - 1 for n in (1, 2)}
    # Drawn last: a height it was not exported at, its fixed width.
    other_height = {f"input_{n}x3x24x32.bin": torch.rand(n, 3, 24, 32, generator=gen) * 2 - 1 for n in (1, 2)}
    for file, x in {**inputs, **other_size, **other_height}.items():
        np.ascontiguousarray(x.numpy(), dtype="<f4").tofile(os.path.join(outdir, file))
    for name, (model, how) in models.items():
        dynamic, opset = how if isinstance(how, tuple) else (how, 13)
        path = os.path.join(outdir, name)
        export(model, path, dynamic, opset)
        sizes = {"NHW": {**inputs, **other_size}, "NH": {**inputs, **other_height}}.get(dynamic, inputs)
        with torch.no_grad():
            expected[name] = {file: model(x).flatten().tolist() for file, x in sizes.items()}
        ops = sorted({node.op_type for node in onnx.load(path).graph.node})
        print(name, os.path.getsize(path), "bytes;", " ".join(ops))
    with open(os.path.join(outdir, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "Tests/Fixtures/models/patterns")
