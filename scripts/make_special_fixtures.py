#!/usr/bin/env python3
"""Make small "special" ONNX fixtures (layouts, quantized ops, unsupported ops, dynamic shapes).

Usage (Debian's interpreter, which has python3-torch / python3-onnx / python3-numpy):

    /usr/bin/python3 scripts/make_special_fixtures.py Tests/Fixtures/models/special

Writes, all with seeded random weights (torch.manual_seed(0) / numpy seed 0), opset 13,
graph input `input`, graph output `logits`, 10 classes:

  nhwc_cnn.onnx           NHWC input [1,32,32,3], Transpose(perm 0,3,1,2) inside the graph,
                          then Conv/Relu/MaxPool/Conv/Relu/GlobalAveragePool/Flatten/Gemm.
  qlinear_cnn.onnx        hand-built (onnx.helper) uint8 quantized CNN:
                          QuantizeLinear -> QLinearConv(3x3,pad 1) -> QLinearConv(3x3,stride 2,pad 1)
                          -> DequantizeLinear -> GlobalAveragePool -> Flatten -> Gemm.
  resize_cnn.onnx         CNN with a Resize (nearest, scale 2) in the middle (expected unsupported).
  dynamic_batch_cnn.onnx  dynamic batch dimension, x.view(x.size(0), -1) flatten
                          (Shape/Gather/Unsqueeze/Concat/Reshape in the graph).
  instancenorm_cnn.onnx   InstanceNormalization(affine), AvgPool2d(3, stride 2, pad 1,
                          count_include_pad=True), MaxPool2d(3, stride 2, ceil_mode=True).

Also writes the test inputs (raw little-endian float32 .bin files) and expected.json with the
expected logits for them (torch's output; for qlinear_cnn a numpy emulation of the ONNX
quantized-op semantics).
"""

import json
import os
import sys
import warnings
from collections import OrderedDict

import numpy as np
import torch
import torch.nn as nn

warnings.filterwarnings("ignore")

import onnx  # noqa: E402
from onnx import TensorProto, helper, numpy_helper  # noqa: E402

OPSET = 13
SEED = 0


def op_types(m):
    return sorted({n.op_type for n in m.graph.node})


def shape_of(vi):
    return [d.dim_param if d.dim_param else d.dim_value for d in vi.type.tensor_type.shape.dim]


def save_input(outdir, x):
    name = "input_" + "x".join(str(d) for d in x.shape) + ".bin"
    np.ascontiguousarray(x, dtype="<f4").tofile(os.path.join(outdir, name))
    return name


def check(path):
    m = onnx.load(path)
    onnx.checker.check_model(m, full_check=True)
    return m


@torch.no_grad()
def randomise_norms(model, g):
    for mod in model.modules():
        if isinstance(mod, (nn.BatchNorm2d, nn.InstanceNorm2d)) and mod.weight is not None:
            mod.weight.copy_(torch.rand(mod.weight.shape, generator=g) + 0.5)
            mod.bias.copy_(torch.randn(mod.bias.shape, generator=g) * 0.1)


def export_torch(model, x, path, dynamic_batch=False):
    model.eval()
    kwargs = {}
    if dynamic_batch:
        kwargs["dynamic_axes"] = {"input": {0: "batch"}, "logits": {0: "batch"}}
    with torch.no_grad():
        torch.onnx.export(
            model,
            x,
            path,
            opset_version=OPSET,
            do_constant_folding=True,
            input_names=["input"],
            output_names=["logits"],
            training=torch.onnx.TrainingMode.EVAL,
            **kwargs,
        )


# --------------------------------------------------------------------------------------------
# torch models
# --------------------------------------------------------------------------------------------

class NhwcCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.relu1 = nn.ReLU()
        self.pool = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.relu2 = nn.ReLU()
        self.gap = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(16, 10)

    def forward(self, x):  # x: [N, H, W, C]
        x = x.permute(0, 3, 1, 2)
        x = self.pool(self.relu1(self.conv1(x)))
        x = self.relu2(self.conv2(x))
        x = torch.flatten(self.gap(x), 1)
        return self.fc(x)


class ResizeCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, stride=2, padding=1)
        self.relu1 = nn.ReLU()
        self.up = nn.Upsample(scale_factor=2, mode="nearest")
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.relu2 = nn.ReLU()
        self.gap = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(16, 10)

    def forward(self, x):
        x = self.relu1(self.conv1(x))
        x = self.up(x)
        x = self.relu2(self.conv2(x))
        x = torch.flatten(self.gap(x), 1)
        return self.fc(x)


class DynamicBatchCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.relu1 = nn.ReLU()
        self.pool1 = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.relu2 = nn.ReLU()
        self.pool2 = nn.MaxPool2d(4)
        self.fc = nn.Linear(16 * 4 * 4, 10)

    def forward(self, x):
        x = self.pool1(self.relu1(self.conv1(x)))
        x = self.pool2(self.relu2(self.conv2(x)))
        x = x.view(x.size(0), -1)
        return self.fc(x)


class InstanceNormCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.in1 = nn.InstanceNorm2d(8, affine=True)
        self.relu1 = nn.ReLU()
        self.avg = nn.AvgPool2d(kernel_size=3, stride=2, padding=1, count_include_pad=True)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.in2 = nn.InstanceNorm2d(16, affine=True)
        self.relu2 = nn.ReLU()
        self.maxp = nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True)
        self.gap = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(16, 10)

    def forward(self, x):
        x = self.avg(self.relu1(self.in1(self.conv1(x))))  # 32 -> 16
        x = self.maxp(self.relu2(self.in2(self.conv2(x))))  # 16 -> 8 (7 with floor mode)
        x = torch.flatten(self.gap(x), 1)
        return self.fc(x)


@torch.no_grad()
def scale_logits(model, make_input, g, target=2.0):
    """Rescale the final Linear so that logits have std ~target across random inputs and are
    centred (so the top-1 class depends on the input)."""
    fc = model.fc
    xs = make_input(16, g)
    for _ in range(3):
        y = model(xs)
        s = y.std(dim=0).mean().item()
        fc.weight.mul_(target / s)
        fc.bias.mul_(target / s)
    fc.bias.sub_(model(xs).mean(dim=0))


def torch_fixture(outdir, name, model, make_input, inputs, dynamic_batch=False):
    g = torch.Generator().manual_seed(SEED + 1)
    model.eval()
    randomise_norms(model, g)
    scale_logits(model, make_input, g)
    path = os.path.join(outdir, f"{name}.onnx")
    export_torch(model, inputs[0], path, dynamic_batch=dynamic_batch)
    m = check(path)
    cases = []
    with torch.no_grad():
        for x in inputs:
            y = model(x)
            cases.append(OrderedDict(input_file=save_input(outdir, x.numpy()), input_shape=list(x.shape),
                                     expected_logits=y.numpy().astype(float).round(6).tolist()))
        spread = model(make_input(8, torch.Generator().manual_seed(SEED + 3))).std(dim=0).mean().item()
    assert spread > 1e-2, f"{name}: degenerate logits"
    return m, cases


# --------------------------------------------------------------------------------------------
# hand-built QLinearConv model
# --------------------------------------------------------------------------------------------

def round_half_even(x):
    return np.round(x)  # numpy rounds half to even, like ONNX QuantizeLinear


def quantize(x, scale, zp):
    return np.clip(round_half_even(x / scale) + zp, 0, 255).astype(np.uint8)


def qlinear_conv_ref(xq, xs, xzp, wq, ws, wzp, yscale, yzp, bq, stride, pad):
    """Reference for ONNX QLinearConv (uint8 x / w / y, per-tensor, int32 bias, group 1)."""
    n, c, h, w = xq.shape
    m, _, kh, kw = wq.shape
    x = xq.astype(np.int64) - int(xzp)
    x = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))  # padding value = x_zero_point -> 0
    wi = wq.astype(np.int64) - int(wzp)
    oh = (h + 2 * pad - kh) // stride + 1
    ow = (w + 2 * pad - kw) // stride + 1
    acc = np.zeros((n, m, oh, ow), dtype=np.int64)
    for i in range(kh):
        for j in range(kw):
            patch = x[:, :, i:i + stride * oh:stride, j:j + stride * ow:stride]  # n c oh ow
            acc += np.einsum("nchw,mc->nmhw", patch, wi[:, :, i, j])
    acc += bq.astype(np.int64).reshape(1, -1, 1, 1)
    real = acc.astype(np.float64) * (xs * ws / yscale)
    return np.clip(round_half_even(real) + yzp, 0, 255).astype(np.uint8)


def conv_float(x, w, b, stride, pad):
    t = torch.nn.functional.conv2d(torch.from_numpy(x), torch.from_numpy(w), torch.from_numpy(b), stride=stride, padding=pad)
    return t.numpy()


def make_qlinear(outdir, x_test):
    rng = np.random.default_rng(SEED)
    f32 = np.float32
    # float "teacher" weights
    w1 = (rng.standard_normal((8, 3, 3, 3)) * np.sqrt(2.0 / 27)).astype(f32)
    b1 = (rng.standard_normal(8) * 0.1).astype(f32)
    w2 = (rng.standard_normal((16, 8, 3, 3)) * np.sqrt(2.0 / 72)).astype(f32)
    b2 = (rng.standard_normal(16) * 0.1).astype(f32)
    wg = (rng.standard_normal((10, 16)) * np.sqrt(1.0 / 16)).astype(f32)
    bg = np.zeros(10, f32)

    # quantisation parameters (per tensor, uint8)
    x_scale, x_zp = f32(8.0 / 255), np.uint8(128)  # input range ~[-4, 4]

    def wquant(w):
        s = f32(np.abs(w).max() / 127.0)
        return quantize(w, s, 128), s, np.uint8(128)

    w1q, w1s, w1zp = wquant(w1)
    w2q, w2s, w2zp = wquant(w2)
    b1q = np.round(b1 / (x_scale * w1s)).astype(np.int32)

    # calibrate activation ranges on random inputs with the float network
    cal = np.random.default_rng(SEED + 1).standard_normal((16, 3, 32, 32)).astype(f32)
    a1 = np.maximum(conv_float(cal, w1, b1, 1, 1), 0)
    y1_scale, y1_zp = f32(np.percentile(a1, 99.9) / 255), np.uint8(0)  # zp 0 => fused ReLU
    b2q = np.round(b2 / (y1_scale * w2s)).astype(np.int32)
    a2 = conv_float(a1, w2, b2, 2, 1)
    lo, hi = float(np.percentile(a2, 0.1)), float(np.percentile(a2, 99.9))
    y2_scale = f32((hi - lo) / 255)
    y2_zp = np.uint8(np.clip(np.round(-lo / y2_scale), 0, 255))

    def forward_ref(x):
        xq = quantize(x, x_scale, x_zp)
        q1 = qlinear_conv_ref(xq, x_scale, x_zp, w1q, w1s, w1zp, y1_scale, y1_zp, b1q, 1, 1)
        q2 = qlinear_conv_ref(q1, y1_scale, y1_zp, w2q, w2s, w2zp, y2_scale, y2_zp, b2q, 2, 1)
        d = (q2.astype(f32) - f32(y2_zp)) * y2_scale
        gap = d.mean(axis=(2, 3))
        return gap @ wg.T + bg

    # centre / scale the float classifier so logits vary with the input
    gl = forward_ref(cal)
    s = gl.std(axis=0).mean()
    wg *= f32(2.0 / s)
    bg = -(forward_ref(cal).mean(axis=0)).astype(f32)

    def c(name, arr):
        return numpy_helper.from_array(np.asarray(arr), name)

    inits = [
        c("x_scale", f32(x_scale)), c("x_zero_point", np.uint8(x_zp)),
        c("w1", w1q), c("w1_scale", f32(w1s)), c("w1_zero_point", np.uint8(w1zp)),
        c("y1_scale", f32(y1_scale)), c("y1_zero_point", np.uint8(y1_zp)), c("b1", b1q),
        c("w2", w2q), c("w2_scale", f32(w2s)), c("w2_zero_point", np.uint8(w2zp)),
        c("y2_scale", f32(y2_scale)), c("y2_zero_point", np.uint8(y2_zp)), c("b2", b2q),
        c("fc_w", wg.astype(f32)), c("fc_b", bg.astype(f32)),
    ]
    nodes = [
        helper.make_node("QuantizeLinear", ["input", "x_scale", "x_zero_point"], ["xq"], name="quant_in"),
        helper.make_node("QLinearConv", ["xq", "x_scale", "x_zero_point", "w1", "w1_scale", "w1_zero_point",
                                         "y1_scale", "y1_zero_point", "b1"], ["q1"], name="qconv1",
                         kernel_shape=[3, 3], pads=[1, 1, 1, 1], strides=[1, 1]),
        helper.make_node("QLinearConv", ["q1", "y1_scale", "y1_zero_point", "w2", "w2_scale", "w2_zero_point",
                                         "y2_scale", "y2_zero_point", "b2"], ["q2"], name="qconv2",
                         kernel_shape=[3, 3], pads=[1, 1, 1, 1], strides=[2, 2]),
        helper.make_node("DequantizeLinear", ["q2", "y2_scale", "y2_zero_point"], ["d2"], name="dequant"),
        helper.make_node("GlobalAveragePool", ["d2"], ["gap"], name="gap"),
        helper.make_node("Flatten", ["gap"], ["flat"], name="flatten", axis=1),
        helper.make_node("Gemm", ["flat", "fc_w", "fc_b"], ["logits"], name="fc", transB=1),
    ]
    graph = helper.make_graph(
        nodes, "qlinear_cnn",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 32, 32])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 10])],
        initializer=inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="scripts/make_special_fixtures.py")
    model.ir_version = 7
    path = os.path.join(outdir, "qlinear_cnn.onnx")
    onnx.save(model, path)
    m = check(path)
    onnx.shape_inference.infer_shapes(m, check_type=True, strict_mode=True)

    y = forward_ref(x_test)
    spread = forward_ref(np.random.default_rng(SEED + 3).standard_normal((8, 3, 32, 32)).astype(f32)).std(axis=0).mean()
    assert spread > 1e-2
    # how far is the quantized net from its float teacher (sanity: quantisation is reasonable)
    fl = conv_float(np.maximum(conv_float(x_test, w1, b1, 1, 1), 0), w2, b2, 2, 1).mean(axis=(2, 3)) @ wg.T + bg
    params = dict(x_scale=float(x_scale), x_zero_point=int(x_zp), w1_scale=float(w1s), y1_scale=float(y1_scale),
                  y1_zero_point=int(y1_zp), w2_scale=float(w2s), y2_scale=float(y2_scale), y2_zero_point=int(y2_zp))
    print(f"  qlinear: float-teacher vs quantized max |diff| {np.abs(fl - y).max():.4f} "
          f"(logit std {y.std():.3f}); quant params {params}")
    cases = [OrderedDict(input_file=save_input(outdir, x_test), input_shape=list(x_test.shape),
                         expected_logits=y.astype(float).round(6).tolist(),
                         note="numpy emulation of ONNX QuantizeLinear/QLinearConv (round half to even); "
                              "a runtime may differ by one quantisation step in a few activations")]
    return m, cases, params


# --------------------------------------------------------------------------------------------

def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    print(f"torch {torch.__version__}  onnx {onnx.__version__}  numpy {np.__version__}  opset {OPSET} -> {outdir}")

    def nchw(n, g):
        return torch.randn(n, 3, 32, 32, generator=g)

    def nhwc(n, g):
        return torch.randn(n, 32, 32, 3, generator=g)

    gin = torch.Generator().manual_seed(SEED + 2)
    x_nchw = torch.randn(1, 3, 32, 32, generator=gin)
    x_nchw2 = torch.randn(2, 3, 32, 32, generator=gin)
    # same image as x_nchw, in NHWC layout
    x_nhwc = x_nchw.permute(0, 2, 3, 1).contiguous()

    results = OrderedDict()

    specs = [
        ("nhwc_cnn", NhwcCnn, nhwc, [x_nhwc], False,
         "NhwcCnn: x.permute(0,3,1,2); Conv(3->8,3x3,p1) ReLU MaxPool(2) Conv(8->16,3x3,p1) ReLU AdaptiveAvgPool(1) flatten Linear(16->10)"),
        ("resize_cnn", ResizeCnn, nchw, [x_nchw], False,
         "ResizeCnn: Conv(3->8,3x3,s2,p1) ReLU Upsample(scale_factor=2, nearest) Conv(8->16,3x3,p1) ReLU AdaptiveAvgPool(1) flatten Linear(16->10)"),
        ("dynamic_batch_cnn", DynamicBatchCnn, nchw, [x_nchw, x_nchw2], True,
         "DynamicBatchCnn: Conv(3->8,3x3,p1) ReLU MaxPool(2) Conv(8->16,3x3,p1) ReLU MaxPool(4) x.view(x.size(0),-1) Linear(256->10); dynamic_axes batch"),
        ("instancenorm_cnn", InstanceNormCnn, nchw, [x_nchw], False,
         "InstanceNormCnn: Conv(3->8,3x3,p1) InstanceNorm2d(8,affine) ReLU AvgPool2d(3,s2,p1,count_include_pad=True) "
         "Conv(8->16,3x3,p1) InstanceNorm2d(16,affine) ReLU MaxPool2d(3,s2,ceil_mode=True) AdaptiveAvgPool(1) flatten Linear(16->10)"),
    ]
    for name, cls, make_input, inputs, dyn, desc in specs:
        torch.manual_seed(SEED)
        model = cls()
        m, cases = torch_fixture(outdir, name, model, make_input, inputs, dynamic_batch=dyn)
        results[name] = OrderedDict(
            file=f"{name}.onnx", how=desc, opset=OPSET,
            input_shape=shape_of(m.graph.input[0]), output_shape=shape_of(m.graph.output[0]),
            params=sum(p.numel() for p in model.parameters()),
            bytes=os.path.getsize(os.path.join(outdir, f"{name}.onnx")),
            ops=op_types(m), cases=cases)

    m, cases, qparams = make_qlinear(outdir, x_nchw.numpy())
    results["qlinear_cnn"] = OrderedDict(
        file="qlinear_cnn.onnx",
        how="hand-built with onnx.helper: QuantizeLinear -> QLinearConv(3->8,3x3,p1, y_zero_point 0 = fused ReLU) -> "
            "QLinearConv(8->16,3x3,s2,p1) -> DequantizeLinear -> GlobalAveragePool -> Flatten -> Gemm(16->10); "
            "uint8 activations and weights (weight zero point 128), per-tensor scales, int32 bias",
        opset=OPSET, input_shape=shape_of(m.graph.input[0]), output_shape=shape_of(m.graph.output[0]),
        params=int(sum(np.prod(i.dims) for i in m.graph.initializer)),
        bytes=os.path.getsize(os.path.join(outdir, "qlinear_cnn.onnx")),
        ops=op_types(m), quantization=qparams, cases=cases)

    for name in sorted(results):
        r = results[name]
        print(f"{r['file']:24s} {r['bytes']:>8d} B  params {r['params']:>6d}  in {r['input_shape']} "
              f"out {r['output_shape']}  ops: {' '.join(r['ops'])}")

    manifest = OrderedDict(
        generator="scripts/make_special_fixtures.py",
        versions=dict(torch=torch.__version__, onnx=onnx.__version__, numpy=np.__version__),
        input_files="raw little-endian float32, in the layout of the model's input",
        models=results,
    )
    with open(os.path.join(outdir, "expected.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
