#!/usr/bin/env python3
"""Make int8 models in ONNX Runtime's QOperator format, quantized by hand (numpy + onnx.helper, no onnxruntime).

Usage (Debian's interpreter, with python3-torch / python3-onnx / python3-pil):

    /usr/bin/python3 scripts/make_qoperator_fixtures.py Tests/Fixtures/models/qoperator models/cifar10

Writes:

  <fixtures>/qoperator_ops.onnx   a tiny classifier (seeded random weights, 3x16x16 input, 10 classes) with every
                                  quantized op ConvAD has a rule for, in this order:
      QuantizeLinear -> QLinearConv(3->8, 3x3, pad 1) -> com.microsoft.QLinearLeakyRelu
      -> com.microsoft.QLinearAveragePool(3x3, pad 1, count_include_pad 0)
      -> com.microsoft.QLinearSigmoid -> com.microsoft.QLinearMul (x * sigmoid(x), same grid)
      -> QLinearConv(8->8, 3x3, pad 1) and com.microsoft.QLinearAdd with its input (branches on two masks)
      -> com.microsoft.QLinearConcat (channels) -> MaxPool(2x2, stride 2) on uint8
      -> ConvInteger(16->8, 3x3, pad 1) -> Cast -> Mul(scale) -> QuantizeLinear
      -> Transpose(NHWC) -> QLinearMatMul(8->8, over channels) -> MatMulInteger(8->8) -> Cast -> Mul -> QuantizeLinear
      -> com.microsoft.QLinearSoftmax(over channels) -> Transpose(NCHW)
      -> com.microsoft.QLinearGlobalAveragePool -> Flatten -> QLinearMatMul(8->10) -> DequantizeLinear -> Add(bias)
  <fixtures>/qoperator_ops.expected.json   the float network's logits for input_1x3x16x16.bin (the network it was
                                  quantized from; the int8 model approximates it) and the activation ranges used
  <fixtures>/input_1x3x16x16.bin  a seeded input, raw little-endian float32

  <fixtures>/qoperator_pools.onnx   QuantizeLinear -> QLinearAveragePool(3x3, stride 2, pad 1) -> QLinearGlobalAveragePool
                                  -> DequantizeLinear -> Flatten: no weights, so a test can recompute the masked
                                  averages by hand (quantization parameters in qoperator_pools.json)
  <fixtures>/qoperator_qgemm.onnx, qoperator_qgemm_float.onnx   a QLinearConv -> QLinearGlobalAveragePool -> Flatten
                                  -> com.microsoft.QGemm classifier head (the form onnxruntime.quantization gives a Gemm),
                                  with a quantized output and DequantizeLinear, or with QGemm's own float output
  <fixtures>/qoperator_dynamic.onnx   a float CNN with a dynamically quantized head: Flatten -> DynamicQuantizeLinear
                                  -> MatMulInteger -> Cast -> Mul(x_scale * w_scale) -> Add(bias), as
                                  onnxruntime.quantization.quantize_dynamic writes a MatMul (the scale comes from the data)
  <fixtures>/qoperator_nhwc_maxpool.onnx, qoperator_channels_last.onnx   a com.microsoft op without a ConvAD rule
                                  (NhwcMaxPool) and a channels_last QLinearGlobalAveragePool, both on a spatial tensor:
                                  refused by name

  <models>/resnet20-int8.onnx     models/cifar10/resnet20.onnx quantized the way onnxruntime.quantization writes
                                  QuantFormat.QOperator (U8S8): uint8 activations (asymmetric, range widened to include
                                  0), int8 weights (symmetric, per output channel for convolutions), int32 biases at
                                  scale x_scale*w_scale; Conv+Relu is one QLinearConv whose output range starts at 0
                                  (ONNX Runtime removes the Relu the same way), Add+Relu one com.microsoft.QLinearAdd,
                                  GlobalAveragePool com.microsoft.QLinearGlobalAveragePool, the classifier
                                  QLinearMatMul -> DequantizeLinear -> Add(bias, float). Activation ranges are the
                                  min/max over 50 calibration images: the first five of each class in data/cifar10-test.
  <models>/../squeezenet1.1/squeezenet1.1-int8.onnx   models/squeezenet1.1/squeezenet1.1-fp16.onnx (ImageNet) quantized the
                                  same way, with float32 input and output: QLinearConv (Relu folded in), MaxPool on uint8
                                  (scale and zero point kept), com.microsoft.QLinearConcat, QLinearGlobalAveragePool, then
                                  DequantizeLinear and the float Softmax over the classes (axis 1). Dropout is dropped.
                                  Activation ranges: the nine photos in data/photos, each also mirrored and centre-cropped.

Rounding follows ONNX: round half to even, saturate to the type's range.
"""

import glob
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

import onnx
from onnx import TensorProto, helper, numpy_helper

MS = "com.microsoft"
SEED = 0


# ---------------------------------------------------------------- quantization rules (ONNX Runtime's QOperator U8S8)

def activation_params(lo, hi):
    """uint8, asymmetric; the range always contains 0 so that 0 is exact (it is the zero point)."""
    lo, hi = min(float(lo), 0.0), max(float(hi), 0.0)
    scale = (hi - lo) / 255.0 if hi > lo else 1.0
    zp = int(np.clip(np.round(-lo / scale), 0, 255))
    return np.float32(scale), np.uint8(zp)


def weight_params(w, per_channel):
    """int8, symmetric (zero point 0), per output channel (axis 0) or per tensor."""
    if per_channel:
        m = np.abs(w.reshape(w.shape[0], -1)).max(axis=1)
    else:
        m = np.array(np.abs(w).max())
    scale = np.where(m > 0, m / 127.0, 1.0).astype(np.float32)
    shape = (-1,) + (1,) * (w.ndim - 1) if per_channel else ()
    q = np.clip(np.round(w / scale.reshape(shape)), -127, 127).astype(np.int8)
    return q, scale, np.zeros(scale.shape, np.int8)


def quantize(x, scale, zp, dtype=np.uint8):
    info = np.iinfo(dtype)
    return np.clip(np.round(x / scale) + int(zp), info.min, info.max).astype(dtype)


class Graph:
    """Collects nodes and initializers under unique names."""

    def __init__(self):
        self.nodes, self.inits = [], []

    def const(self, name, value):
        self.inits.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def node(self, op, inputs, output, domain=None, name=None, **attrs):
        self.nodes.append(helper.make_node(op, inputs, [output], name=name or output.replace("/", "_"), domain=domain, **attrs))
        return output

    def qparams(self, name, params):
        scale, zp = params
        return self.const(name + "_scale", np.float32(scale)), self.const(name + "_zero_point", zp)


def save(nodes, inits, inputs, outputs, path, opset=13):
    graph = helper.make_graph(nodes, os.path.splitext(os.path.basename(path))[0], inputs, outputs, inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset), helper.make_opsetid(MS, 1)],
                              producer_name="scripts/make_qoperator_fixtures.py")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, path)
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


# ---------------------------------------------------------------- the tiny fixture with every op

def ops_fixture(out_dir):
    rng = np.random.default_rng(SEED)
    w = lambda *s: (rng.standard_normal(s) * np.sqrt(2.0 / np.prod(s[1:]))).astype(np.float32)
    P = dict(c1=w(8, 3, 3, 3), b1=(rng.standard_normal(8) * 0.1).astype(np.float32), c2=w(8, 8, 3, 3),
             b2=(rng.standard_normal(8) * 0.1).astype(np.float32), ci=w(8, 16, 3, 3), m1=w(8, 8), m2=w(8, 8),
             fc=w(8, 10), fcb=(rng.standard_normal(10) * 0.1).astype(np.float32))

    def forward(x):
        """The float network; every tensor a quantized op writes is returned for calibration."""
        t = {}
        x = torch.from_numpy(x)
        t["a"] = F.conv2d(x, torch.from_numpy(P["c1"]), torch.from_numpy(P["b1"]), padding=1)
        t["b"] = F.leaky_relu(t["a"], 0.1)
        t["c"] = F.avg_pool2d(t["b"], 3, 1, 1, count_include_pad=False)
        t["d"] = torch.sigmoid(t["c"])
        t["e"] = t["c"] * t["d"]
        t["f1"] = F.conv2d(t["e"], torch.from_numpy(P["c2"]), torch.from_numpy(P["b2"]), padding=1)
        t["f"] = t["f1"] + t["e"]
        t["g"] = torch.cat([t["e"], t["f"]], 1)
        t["h"] = F.max_pool2d(t["g"], 2, 2)
        t["i"] = F.conv2d(t["h"], torch.from_numpy(P["ci"]), padding=1)
        it = t["i"].permute(0, 2, 3, 1)
        t["j"] = it @ torch.from_numpy(P["m1"])
        t["k"] = t["j"] @ torch.from_numpy(P["m2"])
        t["l"] = torch.softmax(t["k"], -1)
        t["m"] = t["l"].mean((1, 2))
        t["prod"] = t["m"] @ torch.from_numpy(P["fc"])
        t["logits"] = t["prod"] + torch.from_numpy(P["fcb"])
        return {k: v.numpy() for k, v in t.items()}

    calib = rng.uniform(-2, 2, (16, 3, 16, 16)).astype(np.float32)
    ranges = forward(calib)
    q = {k: activation_params(v.min(), v.max()) for k, v in ranges.items()}
    q["input"] = activation_params(calib.min(), calib.max())
    q["l"] = (np.float32(1 / 256), np.uint8(0))  # softmax: [0, 1) at the scale ONNX Runtime's quantizer uses

    g = Graph()
    qp = {k: g.qparams(k, v) for k, v in q.items()}

    def qlinear_conv(x, xq, wname, bname, out, outq, pad=1):
        wq, ws, wz = weight_params(P[wname], per_channel=True)
        bias = np.round(P[bname] / (q[xq][0] * ws)).astype(np.int32)
        return g.node("QLinearConv", [x, *qp[xq], g.const(wname + "_q", wq), g.const(wname + "_scale", ws),
                                      g.const(wname + "_zero_point", wz), *qp[outq], g.const(bname + "_q", bias)],
                      out, pads=[pad] * 4, kernel_shape=[3, 3])

    x = g.node("QuantizeLinear", ["input", *qp["input"]], "xq")
    a = qlinear_conv(x, "input", "c1", "b1", "a", "a")
    b = g.node("QLinearLeakyRelu", [a, *qp["a"], *qp["b"]], "b", domain=MS, alpha=0.1)
    c = g.node("QLinearAveragePool", [b, *qp["b"], *qp["c"]], "c", domain=MS, kernel_shape=[3, 3], pads=[1] * 4,
               strides=[1, 1], count_include_pad=0)
    d = g.node("QLinearSigmoid", [c, *qp["c"], *qp["d"]], "d", domain=MS)
    e = g.node("QLinearMul", [c, *qp["c"], d, *qp["d"], *qp["e"]], "e", domain=MS)
    f1 = qlinear_conv(e, "e", "c2", "b2", "f1", "f1")
    f = g.node("QLinearAdd", [f1, *qp["f1"], e, *qp["e"], *qp["f"]], "f", domain=MS)
    gg = g.node("QLinearConcat", [*qp["g"], e, *qp["e"], f, *qp["f"]], "g", domain=MS, axis=1)
    h = g.node("MaxPool", [gg], "h", kernel_shape=[2, 2], strides=[2, 2])  # keeps g's scale and zero point
    # ConvInteger: uint8 weights with zero point 128, int32 accumulators, float rescale, then requantize.
    ws = np.float32(np.abs(P["ci"]).max() / 127.0)
    wq = np.clip(np.round(P["ci"] / ws) + 128, 0, 255).astype(np.uint8)
    acc = g.node("ConvInteger", [h, g.const("ci_q", wq), qp["g"][1], g.const("ci_zero_point", np.uint8(128))], "i_acc",
                 pads=[1] * 4, kernel_shape=[3, 3])
    i_real = g.node("Mul", [g.node("Cast", [acc], "i_acc_f", to=TensorProto.FLOAT),
                            g.const("i_rescale", np.float32(q["g"][0] * ws))], "i_real")
    i = g.node("QuantizeLinear", [i_real, *qp["i"]], "i")
    it = g.node("Transpose", [i], "i_nhwc", perm=[0, 2, 3, 1])
    m1q, m1s, m1z = weight_params(P["m1"], per_channel=False)
    j = g.node("QLinearMatMul", [it, *qp["i"], g.const("m1_q", m1q), g.const("m1_scale", m1s),
                                 g.const("m1_zero_point", m1z), *qp["j"]], "j")
    m2q, m2s, _ = weight_params(P["m2"], per_channel=False)
    kacc = g.node("MatMulInteger", [j, g.const("m2_q", m2q), qp["j"][1], g.const("m2_zero_point", np.int8(0))], "k_acc")
    k_real = g.node("Mul", [g.node("Cast", [kacc], "k_acc_f", to=TensorProto.FLOAT),
                            g.const("k_rescale", np.float32(q["j"][0] * m2s))], "k_real")
    k = g.node("QuantizeLinear", [k_real, *qp["k"]], "k")
    lq = g.node("QLinearSoftmax", [k, *qp["k"], *qp["l"]], "l", domain=MS, axis=-1, opset=13)
    lt = g.node("Transpose", [lq], "l_nchw", perm=[0, 3, 1, 2])
    m = g.node("QLinearGlobalAveragePool", [lt, *qp["l"], *qp["m"]], "m", domain=MS, channels_last=0)
    flat = g.node("Flatten", [m], "m_flat", axis=1)
    fq, fs, fz = weight_params(P["fc"], per_channel=False)
    y = g.node("QLinearMatMul", [flat, *qp["m"], g.const("fc_q", fq), g.const("fc_scale", fs),
                                 g.const("fc_zero_point", fz), *qp["prod"]], "y")
    yf = g.node("DequantizeLinear", [y, *qp["prod"]], "y_real")
    g.node("Add", [yf, g.const("fc_bias", P["fcb"])], "logits")

    inputs = [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 16, 16])]
    outputs = [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 10])]
    save(g.nodes, g.inits, inputs, outputs, os.path.join(out_dir, "qoperator_ops.onnx"))

    sample = rng.uniform(-2, 2, (1, 3, 16, 16)).astype(np.float32)
    sample.tofile(os.path.join(out_dir, "input_1x3x16x16.bin"))
    ref_logits = forward(sample)["logits"].reshape(-1)
    with open(os.path.join(out_dir, "qoperator_ops.expected.json"), "w") as fh:
        json.dump({"input_1x3x16x16.bin": [float(v) for v in ref_logits]}, fh, indent=1)


# ---------------------------------------------------------------- masked averages and refusals

POOL_INPUT = (activation_params(-2.0, 2.0), activation_params(-2.0, 2.0), activation_params(-1.5, 1.5))


def pools_fixture(out_dir):
    """QuantizeLinear -> QLinearAveragePool(3x3, stride 2, pad 1) -> QLinearGlobalAveragePool -> DequantizeLinear -> Flatten.

    No weights: its output is a masked average of the quantized input that a test recomputes by hand. The
    quantization parameters (scales, zero points) are POOL_INPUT: input, window average, global average.
    """
    g = Graph()
    (xs, xz), (cs, cz), (ms, mz) = POOL_INPUT
    x = g.node("QuantizeLinear", ["input", g.const("x_scale", xs), g.const("x_zero_point", xz)], "xq")
    c = g.node("QLinearAveragePool", [x, "x_scale", "x_zero_point", g.const("c_scale", cs), g.const("c_zero_point", cz)],
               "c", domain=MS, kernel_shape=[3, 3], pads=[1] * 4, strides=[2, 2], count_include_pad=0)
    m = g.node("QLinearGlobalAveragePool", [c, "c_scale", "c_zero_point", g.const("m_scale", ms),
                                            g.const("m_zero_point", mz)], "m", domain=MS, channels_last=0)
    y = g.node("DequantizeLinear", [m, "m_scale", "m_zero_point"], "y")
    g.node("Flatten", [y], "logits", axis=1)
    inputs = [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 8, 8])]
    outputs = [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 3])]
    save(g.nodes, g.inits, inputs, outputs, os.path.join(out_dir, "qoperator_pools.onnx"))
    with open(os.path.join(out_dir, "qoperator_pools.json"), "w") as fh:
        json.dump({k: {"scale": float(v[0]), "zero_point": int(v[1])} for k, v in zip(("input", "window", "global"), POOL_INPUT)},
                  fh, indent=1)


def qgemm_fixtures(out_dir):
    """The classifier head the way onnxruntime.quantization writes a Gemm in QOperator format: com.microsoft.QGemm.

    QuantizeLinear -> QLinearConv(3->8, 3x3, pad 1) -> QLinearGlobalAveragePool -> Flatten -> QGemm(8->10, transB 1,
    int32 bias at a_scale*b_scale, per-tensor int8 weights) then either a quantized output and DequantizeLinear
    (qoperator_qgemm.onnx) or QGemm's float output, without y_scale (qoperator_qgemm_float.onnx).
    """
    rng = np.random.default_rng(SEED + 1)
    conv = (rng.standard_normal((8, 3, 3, 3)) * np.sqrt(2.0 / 27)).astype(np.float32)
    conv_b = (rng.standard_normal(8) * 0.1).astype(np.float32)
    fc = (rng.standard_normal((10, 8)) * np.sqrt(2.0 / 8)).astype(np.float32)
    fc_b = (rng.standard_normal(10) * 0.1).astype(np.float32)

    def forward(x):
        a = F.conv2d(torch.from_numpy(x), torch.from_numpy(conv), torch.from_numpy(conv_b), padding=1)
        m = a.mean((2, 3))
        return {"a": a.numpy(), "m": m.numpy(), "logits": (m @ torch.from_numpy(fc).T + torch.from_numpy(fc_b)).numpy()}

    calib = rng.uniform(-2, 2, (16, 3, 16, 16)).astype(np.float32)
    ranges = forward(calib)
    q = {k: activation_params(v.min(), v.max()) for k, v in ranges.items()}
    q["input"] = activation_params(calib.min(), calib.max())

    for quantized_output in (True, False):
        g = Graph()
        qp = {k: g.qparams(k, v) for k, v in q.items()}
        cq, cs, cz = weight_params(conv, per_channel=True)
        x = g.node("QuantizeLinear", ["input", *qp["input"]], "xq")
        a = g.node("QLinearConv", [x, *qp["input"], g.const("conv_q", cq), g.const("conv_scale", cs), g.const("conv_zero_point", cz),
                                   *qp["a"], g.const("conv_b_q", np.round(conv_b / (q["input"][0] * cs)).astype(np.int32))],
                   "a", pads=[1] * 4, kernel_shape=[3, 3])
        m = g.node("QLinearGlobalAveragePool", [a, *qp["a"], *qp["m"]], "m", domain=MS, channels_last=0)
        flat = g.node("Flatten", [m], "m_flat", axis=1)
        fq, fs, fz = weight_params(fc, per_channel=False)
        bias = np.round(fc_b / (q["m"][0] * fs)).astype(np.int32)
        head = [flat, *qp["m"], g.const("fc_q", fq), g.const("fc_scale", np.float32(fs)), g.const("fc_zero_point", np.int8(0)),
                g.const("fc_b_q", bias)]
        if quantized_output:
            y = g.node("QGemm", head + list(qp["logits"]), "y", domain=MS, transB=1, alpha=1.0)
            g.node("DequantizeLinear", [y, *qp["logits"]], "logits")
            name = "qoperator_qgemm.onnx"
        else:
            g.node("QGemm", head, "logits", domain=MS, transB=1, alpha=1.0)
            name = "qoperator_qgemm_float.onnx"
        inputs = [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 16, 16])]
        outputs = [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 10])]
        save(g.nodes, g.inits, inputs, outputs, os.path.join(out_dir, name))


def refused_fixtures(out_dir):
    """Two models ConvAD must refuse by name: a contrib op without a rule, and a channels_last quantized pool."""
    for name, op, attrs in (("qoperator_nhwc_maxpool.onnx", "NhwcMaxPool", dict(kernel_shape=[2, 2], strides=[2, 2])),
                            ("qoperator_channels_last.onnx", "QLinearGlobalAveragePool", dict(channels_last=1))):
        g = Graph()
        (xs, xz) = POOL_INPUT[0]
        x = g.node("QuantizeLinear", ["input", g.const("x_scale", xs), g.const("x_zero_point", xz)], "xq")
        xt = g.node("Transpose", [x], "x_nhwc", perm=[0, 2, 3, 1])
        ins = [xt] if op == "NhwcMaxPool" else [xt, "x_scale", "x_zero_point", "x_scale", "x_zero_point"]
        p = g.node(op, ins, "pooled", domain=MS, **attrs)
        y = g.node("DequantizeLinear", [p, "x_scale", "x_zero_point"], "y")
        g.node("ReduceMean", [y], "logits", axes=[1, 2], keepdims=0)
        inputs = [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 8, 8])]
        outputs = [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 3])]
        save(g.nodes, g.inits, inputs, outputs, os.path.join(out_dir, name))


def dynamic_fixture(out_dir):
    """A float CNN whose classifier is quantized dynamically, as onnxruntime.quantization.quantize_dynamic writes a
    MatMul: DynamicQuantizeLinear computes the input's scale and zero point from the data, MatMulInteger sums raw
    integers, Cast and Mul by x_scale * w_scale give the float product. The engine runs it (the head is not spatial);
    the GPU runtime, which holds quantized values as the reals they stand for, refuses it by name: it cannot know the
    scale at load."""
    rng = np.random.default_rng(SEED + 1)
    conv_w = (rng.standard_normal((4, 3, 3, 3)) * 0.3).astype(np.float32)
    conv_b = (rng.standard_normal(4) * 0.1).astype(np.float32)
    fc_w = (rng.standard_normal((4, 5)) * 0.5).astype(np.float32)
    fc_b = (rng.standard_normal(5) * 0.1).astype(np.float32)
    g = Graph()
    c = g.node("Conv", ["input", g.const("conv_w", conv_w), g.const("conv_b", conv_b)], "conv", pads=[1] * 4, kernel_shape=[3, 3])
    r = g.node("Relu", [c], "relu")
    p = g.node("GlobalAveragePool", [r], "pool")
    f = g.node("Flatten", [p], "flat", axis=1)
    g.nodes.append(helper.make_node("DynamicQuantizeLinear", [f], ["flat_q", "flat_scale", "flat_zero_point"], name="flat_quantize"))
    wq, ws, wz = weight_params(fc_w, per_channel=False)
    acc = g.node("MatMulInteger", ["flat_q", g.const("fc_q", wq), "flat_zero_point", g.const("fc_zero_point", wz)], "fc_acc")
    scale = g.node("Mul", ["flat_scale", g.const("fc_scale", ws)], "fc_rescale")
    real = g.node("Mul", [g.node("Cast", [acc], "fc_acc_f", to=TensorProto.FLOAT), scale], "fc_real")
    g.node("Add", [real, g.const("fc_bias", fc_b)], "logits")
    inputs = [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 8, 8])]
    outputs = [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 5])]
    save(g.nodes, g.inits, inputs, outputs, os.path.join(out_dir, "qoperator_dynamic.onnx"))


# ---------------------------------------------------------------- real classifiers, from the repo's float models

def cifar_images(data_dir, per_class):
    mean = np.array([0.485, 0.456, 0.406], np.float32).reshape(3, 1, 1)
    std = np.array([0.229, 0.224, 0.225], np.float32).reshape(3, 1, 1)
    out = []
    for cls in sorted(os.listdir(data_dir)):
        for path in sorted(glob.glob(os.path.join(data_dir, cls, "*.jpg")))[:per_class]:
            img = Image.open(path).convert("RGB").resize((32, 32), Image.BILINEAR)
            x = np.asarray(img, np.float32).transpose(2, 0, 1) / 255.0
            out.append((x - mean) / std)
    return np.stack(out).astype(np.float32)


def squeezenet_images(photos_dir):
    """SqueezeNet's preprocessing (its sidecar: BGR, 0..255, stretched to 224x224) of every photo, each also mirrored
    and as its central 80% crop: 36 calibration images from the 9 ImageNet photos the repository ships."""
    out = []
    for path in sorted(glob.glob(os.path.join(photos_dir, "*.jpg")) + glob.glob(os.path.join(photos_dir, "*.png"))):
        img = Image.open(path).convert("RGB")
        w, h = img.size
        crop = img.crop((w // 10, h // 10, w - w // 10, h - h // 10))
        for view in (img, img.transpose(Image.FLIP_LEFT_RIGHT), crop, crop.transpose(Image.FLIP_LEFT_RIGHT)):
            x = np.asarray(view.resize((224, 224), Image.BILINEAR), np.float32)[:, :, ::-1].transpose(2, 0, 1)
            out.append(np.ascontiguousarray(x))
    return np.stack(out).astype(np.float32)


def float_forward(nodes, inits, consts, in_name, x):
    """The float model on a calibration batch, keeping every tensor (the ops of ResNet-20 and SqueezeNet 1.1)."""
    t = {in_name: torch.from_numpy(x)}
    for n in nodes:
        a = {at.name: helper.get_attribute_value(at) for at in n.attribute}
        ins = [t[i] if i in t else torch.from_numpy(np.array(inits[i] if i in inits else consts[i])) for i in n.input if i]
        if n.op_type == "Constant":
            continue
        if n.op_type == "Conv":
            r = F.conv2d(ins[0], ins[1], ins[2] if len(ins) > 2 else None, a.get("strides", [1, 1]),
                         a.get("pads", [0, 0, 0, 0])[:2], a.get("dilations", [1, 1]), a.get("group", 1))
        elif n.op_type == "Relu":
            r = F.relu(ins[0])
        elif n.op_type == "Add":
            r = ins[0] + ins[1]
        elif n.op_type == "MaxPool":
            assert a.get("pads", [0, 0, 0, 0]) == [0, 0, 0, 0] and not a.get("ceil_mode", 0)
            r = F.max_pool2d(ins[0], a["kernel_shape"], a["strides"])
        elif n.op_type == "Concat":
            r = torch.cat(ins, a["axis"])
        elif n.op_type == "Dropout":
            r = ins[0]  # inference
        elif n.op_type == "GlobalAveragePool":
            r = ins[0].mean((2, 3), keepdim=True)
        elif n.op_type == "Reshape":
            r = ins[0].flatten(1)  # the export's [1, -1], applied per image of the calibration batch
        elif n.op_type == "Gemm":
            wm = ins[1].T if a.get("transB", 0) else ins[1]
            r = ins[0] @ wm + ins[2]
        elif n.op_type == "Softmax":
            r = torch.softmax(ins[0], 1)
        else:
            raise SystemExit(f"unexpected op {n.op_type}")
        t[n.output[0]] = r
    return t


def quantize_classifier(model_path, calib, out_path, input_shape, output_shape):
    """A float classifier in the QOperator form (U8S8) onnxruntime.quantization writes, activation ranges from calib."""
    model = onnx.load(model_path)
    inits = {t.name: numpy_helper.to_array(t).astype(np.float32) if t.data_type == TensorProto.FLOAT16 else numpy_helper.to_array(t)
             for t in model.graph.initializer}
    nodes = list(model.graph.node)
    consts = {n.output[0]: numpy_helper.to_array(n.attribute[0].t) for n in nodes if n.op_type == "Constant"}
    consumers = {}
    for n in nodes:
        for i in n.input:
            consumers.setdefault(i, []).append(n)
    in_name = next(i.name for i in model.graph.input if i.name not in inits)
    out_name = model.graph.output[0].name

    t = float_forward(nodes, inits, consts, in_name, calib)
    rng_of = {k: (float(v.min()), float(v.max())) for k, v in t.items()}

    g = Graph()
    qparams = {}

    def act(name, tensor):
        """Quantization of a float tensor of the original graph, named by the quantized tensor that holds it."""
        if name not in qparams:
            qparams[name] = g.qparams(name.replace("/", "_").strip("_"), activation_params(*rng_of[tensor]))
        return qparams[name]

    def node_name(n):
        return (n.name or n.output[0].replace("/", "_")) + "_quant"

    qname = {}  # float tensor of the original graph -> its uint8 tensor in the new graph
    params = {}  # uint8 tensor -> (scale, zero point) names and float values
    qname[in_name] = g.node("QuantizeLinear", [in_name, *act(in_name + "_q", in_name)], in_name + "_quantized")
    params[qname[in_name]] = (act(in_name + "_q", in_name), activation_params(*rng_of[in_name]))

    def single_relu(tensor):
        c = consumers.get(tensor, [])
        return c[0] if len(c) == 1 and c[0].op_type == "Relu" else None

    for n in nodes:
        a = {at.name: helper.get_attribute_value(at) for at in n.attribute}
        if n.op_type in ("Relu", "Constant"):
            continue  # a Relu is folded into the op before it; constants are read where used
        relu = single_relu(n.output[0])
        out = relu.output[0] if relu is not None else n.output[0]  # the float tensor whose range the output takes
        if n.op_type == "Conv":
            xq = qname[n.input[0]]
            (xs, xz), (xs_v, _) = params[xq]
            wq, ws, wz = weight_params(inits[n.input[1]], per_channel=True)
            base = n.output[0].replace("/", "_").strip("_")
            bias = np.round(inits[n.input[2]] / (xs_v * ws)).astype(np.int32)
            y = act(out + "_q", out)
            qname[out] = g.node("QLinearConv", [xq, xs, xz, g.const(base + "_w", wq), g.const(base + "_w_scale", ws),
                                                g.const(base + "_w_zero_point", wz), *y, g.const(base + "_b", bias)],
                                out + "_quantized", name=node_name(n), **{k: v for k, v in a.items()})
        elif n.op_type == "Add":
            qa, qb = qname[n.input[0]], qname[n.input[1]]
            y = act(out + "_q", out)
            qname[out] = g.node("QLinearAdd", [qa, *params[qa][0], qb, *params[qb][0], *y], out + "_quantized", domain=MS,
                                name=node_name(n))
        elif n.op_type == "Concat":
            y = act(out + "_q", out)
            parts = [v for i in n.input for v in (qname[i], *params[qname[i]][0])]
            qname[out] = g.node("QLinearConcat", [*y, *parts], out + "_quantized", domain=MS, name=node_name(n), axis=a["axis"])
        elif n.op_type in ("MaxPool", "Dropout"):
            # Both move values without changing them: the output keeps the input's scale and zero point, as in
            # onnxruntime.quantization (a uint8 MaxPool; Dropout is dropped at inference).
            xq = qname[n.input[0]]
            if n.op_type == "MaxPool":
                qname[out] = g.node("MaxPool", [xq], out + "_quantized", name=node_name(n), **a)
            else:
                qname[out] = xq
            params[qname[out]] = params[xq]
            continue
        elif n.op_type == "GlobalAveragePool":
            xq = qname[n.input[0]]
            y = act(out + "_q", out)
            qname[out] = g.node("QLinearGlobalAveragePool", [xq, *params[xq][0], *y], out + "_quantized", domain=MS,
                                name=node_name(n), channels_last=0)
        elif n.op_type == "Reshape":
            xq = qname[n.input[0]]
            shape = g.const(n.output[0].replace("/", "_").strip("_") + "_shape", consts[n.input[1]].astype(np.int64))
            qname[out] = g.node("Reshape", [xq, shape], out + "_quantized", name=n.name)
            params[qname[out]] = params[xq]  # moves values: same scale and zero point
            continue
        elif n.op_type == "Softmax":
            # The probabilities in float, from the dequantized scores (the quantizer leaves a final Softmax in float).
            xq = qname[n.input[0]]
            xf = g.node("DequantizeLinear", [xq, *params[xq][0]], n.input[0].replace("/", "_") + "_float")
            # Written at opset 13, whose Softmax defaults to the last axis: the class axis (1) is stated.
            g.node("Softmax", [xf], out_name, name=node_name(n), axis=a.get("axis", 1))
            continue
        elif n.op_type == "Gemm":
            xq = qname[n.input[0]]
            wm = inits[n.input[1]].T if a.get("transB", 0) else inits[n.input[1]]
            wq, ws, wz = weight_params(np.ascontiguousarray(wm), per_channel=False)
            # The product without bias, quantized on its own range; the float bias is added after dequantizing.
            prod = (t[n.input[0]] @ torch.from_numpy(np.ascontiguousarray(wm))).numpy()
            yp = g.qparams("fc_product", activation_params(prod.min(), prod.max()))
            y = g.node("QLinearMatMul", [xq, *params[xq][0], g.const("fc_w", wq), g.const("fc_w_scale", ws),
                                         g.const("fc_w_zero_point", wz), *yp], "fc_product_quantized", name=n.name + "_quant")
            yf = g.node("DequantizeLinear", [y, *yp], "fc_product")
            g.node("Add", [yf, g.const("fc_b", inits[n.input[2]])], out_name)
            continue
        params[qname[out]] = (qparams[out + "_q"], activation_params(*rng_of[out]))

    inputs = [helper.make_tensor_value_info(in_name, TensorProto.FLOAT, input_shape)]
    outputs = [helper.make_tensor_value_info(out_name, TensorProto.FLOAT, output_shape)]
    save(g.nodes, g.inits, inputs, outputs, out_path)


def main():
    fixtures, models = sys.argv[1], sys.argv[2]
    os.makedirs(fixtures, exist_ok=True)
    torch.manual_seed(SEED)
    ops_fixture(fixtures)
    pools_fixture(fixtures)
    qgemm_fixtures(fixtures)
    refused_fixtures(fixtures)
    dynamic_fixture(fixtures)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    quantize_classifier(os.path.join(models, "resnet20.onnx"), cifar_images(os.path.join(root, "data", "cifar10-test"), per_class=5),
                        os.path.join(models, "resnet20-int8.onnx"), [1, 3, 32, 32], [1, 10])
    squeezenet = os.path.join(os.path.dirname(models), "squeezenet1.1")
    quantize_classifier(os.path.join(squeezenet, "squeezenet1.1-fp16.onnx"), squeezenet_images(os.path.join(root, "data", "photos")),
                        os.path.join(squeezenet, "squeezenet1.1-int8.onnx"), [1, 3, 224, 224], [1, 1000, 1, 1])


if __name__ == "__main__":
    main()
