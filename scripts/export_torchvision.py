#!/usr/bin/env python3
"""Export torchvision CNN families to ONNX (random, seeded weights).

Usage (Debian's interpreter, which has python3-torch / python3-torchvision / python3-onnx):

    /usr/bin/python3 scripts/export_torchvision.py --small Tests/Fixtures/models/torchvision
    /usr/bin/python3 scripts/export_torchvision.py --full  /tmp/full-models

--small  reduced-width / reduced-depth members of each family at 64x64, small enough to commit
         as test fixtures (see Tests/Fixtures/models/torchvision/README.md).
--full   the standard full-size architectures at 224x224 for benchmarks (not committed).

No pretrained weights are downloaded (weights=None everywhere). Every run is deterministic
(torch.manual_seed(0) before each model).

Weights: torchvision's own initialisation, then every normalisation layer is randomised so the
network is not degenerate:
  * BatchNorm / LayerNorm affine weight ~ U(0.5, 1.5), bias ~ N(0, 0.1);
  * BatchNorm running_mean / running_var are *calibrated*: the model is run (BN layers only in
    train mode, cumulative average) on a few N(0,1) random inputs so each BN really normalises
    its input, then perturbed: mean += N(0, 0.1) * sqrt(var), var *= U(0.8, 1.2);
  * ConvNeXt layer_scale (default 1e-6, which would make every block ~identity) ~ U(0.1, 1.0);
  * finally the classifier layer's rows are scaled to the same spread per class, its bias is
    shifted so each class has a zero mean pre-activation over random inputs (so the top-1 class
    changes with the input), and the whole layer is rescaled so the logits have a standard
    deviation of about 2 across random inputs.
Each export is followed by onnx.checker.check_model, a listing of the op types used, and a
check that the logits vary with the input. An input tensor and torch's expected logits for it
are written next to the models so the C# side can check ONNX Runtime against torch:
input_1x3x<S>x<S>.bin (raw little-endian float32, NCHW, N(0,1) values from
torch.Generator().manual_seed(2)) and expected.json (per model: file, constructor, shapes,
opset, params, ops, torch's logits for that input).
"""

import argparse
import inspect
import json
import math
import os
import sys
import time
import warnings
from collections import OrderedDict
from functools import partial

import numpy as np
import torch
import torch.nn as nn

warnings.filterwarnings("ignore")

import onnx  # noqa: E402
import torchvision  # noqa: E402
import torchvision.models  # noqa: E402

# import the modules themselves: torchvision.models.googlenet etc. are shadowed by the
# same-named builder functions on the torchvision.models package
import importlib  # noqa: E402

tv_resnet = importlib.import_module("torchvision.models.resnet")
tv_densenet = importlib.import_module("torchvision.models.densenet")
tv_vgg = importlib.import_module("torchvision.models.vgg")
tv_googlenet = importlib.import_module("torchvision.models.googlenet")
tv_regnet = importlib.import_module("torchvision.models.regnet")
tv_squeezenet = importlib.import_module("torchvision.models.squeezenet")
tv_convnext = importlib.import_module("torchvision.models.convnext")
tv_eff = importlib.import_module("torchvision.models.efficientnet")

DEFAULT_OPSET = 14  # HardSwish (mobilenet_v3) is an ONNX op only from opset 14.
SEED = 0
NUM_CLASSES_SMALL = 10


# --------------------------------------------------------------------------------------------
# Reduced ("small") variants built from torchvision's own building blocks
# --------------------------------------------------------------------------------------------

class SlimResNet(tv_resnet.ResNet):
    """torchvision ResNet with stage widths (w, 2w, 4w, 8w) instead of (64, 128, 256, 512).

    Uses torchvision's BasicBlock / Bottleneck and ResNet._make_layer / forward unchanged; only the
    hard-coded widths of ResNet.__init__ are parameterised.
    """

    def __init__(self, block, layers, base_width=16, num_classes=10):
        nn.Module.__init__(self)
        norm_layer = nn.BatchNorm2d
        self._norm_layer = norm_layer
        self.inplanes = base_width
        self.dilation = 1
        self.groups = 1
        self.base_width = 64  # torchvision's width_per_group (Bottleneck inner width = planes)
        self.conv1 = nn.Conv2d(3, self.inplanes, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = norm_layer(self.inplanes)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        w = base_width
        self.layer1 = self._make_layer(block, w, layers[0])
        self.layer2 = self._make_layer(block, 2 * w, layers[1], stride=2)
        self.layer3 = self._make_layer(block, 4 * w, layers[2], stride=2)
        self.layer4 = self._make_layer(block, 8 * w, layers[3], stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(8 * w * block.expansion, num_classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")


def slim_googlenet(divisor=4, num_classes=10):
    """torchvision GoogLeNet with every channel count divided by `divisor`.

    All GoogLeNet/Inception channel counts are multiples of 8, so dividing the in/out channels
    of every BasicConv2d consistently keeps the Inception concatenations valid. The stem's
    3 input channels are kept.
    """

    def conv_block(in_channels, out_channels, **kwargs):
        cin = in_channels if in_channels == 3 else in_channels // divisor
        return tv_googlenet.BasicConv2d(cin, out_channels // divisor, **kwargs)

    model = tv_googlenet.GoogLeNet(
        num_classes=num_classes,
        aux_logits=False,
        transform_input=False,
        init_weights=True,
        blocks=[conv_block, partial(tv_googlenet.Inception, conv_block=conv_block), tv_googlenet.InceptionAux],
    )
    model.fc = nn.Linear(1024 // divisor, num_classes)
    nn.init.trunc_normal_(model.fc.weight, mean=0.0, std=0.01, a=-2, b=2)
    return model


def slim_squeezenet1_1(divisor=2, num_classes=10):
    """torchvision SqueezeNet 1.1 layout with all widths divided by `divisor`."""
    model = tv_squeezenet.SqueezeNet(version="1_1", num_classes=num_classes)
    d = divisor
    Fire = tv_squeezenet.Fire
    model.features = nn.Sequential(
        nn.Conv2d(3, 64 // d, kernel_size=3, stride=2),
        nn.ReLU(inplace=True),
        nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True),
        Fire(64 // d, 16 // d, 64 // d, 64 // d),
        Fire(128 // d, 16 // d, 64 // d, 64 // d),
        nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True),
        Fire(128 // d, 32 // d, 128 // d, 128 // d),
        Fire(256 // d, 32 // d, 128 // d, 128 // d),
        nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True),
        Fire(256 // d, 48 // d, 192 // d, 192 // d),
        Fire(384 // d, 48 // d, 192 // d, 192 // d),
        Fire(384 // d, 64 // d, 256 // d, 256 // d),
        Fire(512 // d, 64 // d, 256 // d, 256 // d),
    )
    final_conv = nn.Conv2d(512 // d, num_classes, kernel_size=1)
    model.classifier = nn.Sequential(
        nn.Dropout(p=0.5), final_conv, nn.ReLU(inplace=True), nn.AdaptiveAvgPool2d((1, 1))
    )
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            if m is final_conv:
                nn.init.normal_(m.weight, mean=0.0, std=0.01)
            else:
                nn.init.kaiming_uniform_(m.weight)
            if m.bias is not None:
                nn.init.constant_(m.bias, 0)
    return model


def slim_vgg11(divisor=8, hidden=64, num_classes=10):
    """VGG11 (config "A", no BN) with conv widths / divisor, avgpool to 2x2 and a small
    3-layer classifier (Linear-ReLU-Dropout-Linear-ReLU-Dropout-Linear)."""
    cfg = [v if v == "M" else v // divisor for v in tv_vgg.cfgs["A"]]
    model = tv_vgg.VGG(tv_vgg.make_layers(cfg, batch_norm=False), num_classes=num_classes, init_weights=True)
    # with a 64x64 input the 5 max-pools leave a 2x2 map; keep the adaptive avgpool (2x2 -> 2x2)
    # exactly like full VGG keeps 7x7 -> 7x7 at 224x224.
    model.avgpool = nn.AdaptiveAvgPool2d((2, 2))
    c = cfg[-2]
    model.classifier = nn.Sequential(
        nn.Linear(c * 2 * 2, hidden),
        nn.ReLU(True),
        nn.Dropout(p=0.5),
        nn.Linear(hidden, hidden),
        nn.ReLU(True),
        nn.Dropout(p=0.5),
        nn.Linear(hidden, num_classes),
    )
    for m in model.classifier.modules():
        if isinstance(m, nn.Linear):
            nn.init.normal_(m.weight, 0, 0.01)
            nn.init.constant_(m.bias, 0)
    return model


def slim_efficientnet_b0(width_mult=0.25, depth_mult=0.5, num_classes=10):
    setting, last_channel = tv_eff._efficientnet_conf("efficientnet_b0", width_mult=width_mult, depth_mult=depth_mult)
    return tv_eff.EfficientNet(setting, dropout=0.2, num_classes=num_classes, last_channel=last_channel)


def slim_convnext(dims=(16, 32, 64, 128), depths=(1, 1, 2, 1), num_classes=10):
    CN = tv_convnext.CNBlockConfig
    setting = []
    for i, (d, n) in enumerate(zip(dims, depths)):
        setting.append(CN(d, dims[i + 1] if i + 1 < len(dims) else None, n))
    return tv_convnext.ConvNeXt(setting, stochastic_depth_prob=0.0, num_classes=num_classes)


def slim_regnet(num_classes=10):
    # regnet_x_400mf is (depth=22, w_0=24, w_a=24.48, w_m=2.54, group_width=16, stem 32);
    # this gives 4 stages, depths [1,1,3,1], widths [16,32,64,128], group width 8 (groups 2..16).
    params = tv_regnet.BlockParams.from_init_params(depth=6, w_0=16, w_a=16.0, w_m=2.0, group_width=8)
    return tv_regnet.RegNet(params, num_classes=num_classes, stem_width=16)


# name -> (constructor, description of constructor args, input H=W)
SMALL_MODELS = OrderedDict(
    [
        ("resnet18", (lambda: SlimResNet(tv_resnet.BasicBlock, [2, 2, 2, 2], base_width=8),
                      "SlimResNet(torchvision BasicBlock, layers=[2,2,2,2], stage widths 8/16/32/64, num_classes=10)", 64)),
        ("resnet50", (lambda: SlimResNet(tv_resnet.Bottleneck, [1, 2, 2, 1], base_width=8),
                      "SlimResNet(torchvision Bottleneck, layers=[1,2,2,1], planes 8/16/32/64 (out x4), num_classes=10)", 64)),
        ("mobilenet_v2", (lambda: torchvision.models.mobilenet_v2(weights=None, width_mult=0.25, num_classes=10),
                          "torchvision.models.mobilenet_v2(weights=None, width_mult=0.25, num_classes=10)", 64)),
        ("mobilenet_v3_small", (lambda: torchvision.models.mobilenet_v3_small(weights=None, width_mult=0.375, num_classes=10),
                                "torchvision.models.mobilenet_v3_small(weights=None, width_mult=0.375, num_classes=10)", 64)),
        ("efficientnet_b0", (lambda: slim_efficientnet_b0(),
                             "EfficientNet(_efficientnet_conf('efficientnet_b0', width_mult=0.25, depth_mult=0.5), dropout=0.2, num_classes=10)", 64)),
        ("densenet121", (lambda: tv_densenet.DenseNet(growth_rate=6, block_config=(6, 12, 24, 16), num_init_features=16, bn_size=4, num_classes=10),
                         "torchvision DenseNet(growth_rate=6, block_config=(6,12,24,16), num_init_features=16, bn_size=4, num_classes=10)", 64)),
        ("vgg11", (lambda: slim_vgg11(),
                   "torchvision VGG(make_layers(cfg 'A' widths/8 = [8,M,16,M,32,32,M,64,64,M,64,64,M], batch_norm=False)), avgpool AdaptiveAvgPool2d((2,2)), classifier 256-64-64-10", 64)),
        ("googlenet", (lambda: slim_googlenet(divisor=4),
                       "torchvision GoogLeNet(aux_logits=False, transform_input=False, init_weights=True, num_classes=10) with every BasicConv2d width / 4, fc 256->10", 64)),
        ("regnet_x_400mf", (lambda: slim_regnet(),
                            "torchvision RegNet(BlockParams.from_init_params(depth=6, w_0=16, w_a=16, w_m=2, group_width=8), stem_width=16, num_classes=10): depths [1,1,3,1], widths [16,32,64,128], groups [2,4,8,16]", 64)),
        ("squeezenet1_1", (lambda: slim_squeezenet1_1(divisor=2),
                           "torchvision SqueezeNet('1_1', num_classes=10) with all Fire/conv widths / 2", 64)),
        ("convnext_tiny", (lambda: slim_convnext(),
                           "torchvision ConvNeXt([CNBlockConfig(16,32,1), (32,64,1), (64,128,2), (128,None,1)], stochastic_depth_prob=0, num_classes=10)", 64)),
    ]
)

FULL_MODELS = OrderedDict(
    [
        ("resnet18", (lambda: torchvision.models.resnet18(weights=None), "torchvision.models.resnet18(weights=None)", 224)),
        ("resnet50", (lambda: torchvision.models.resnet50(weights=None), "torchvision.models.resnet50(weights=None)", 224)),
        ("mobilenet_v2", (lambda: torchvision.models.mobilenet_v2(weights=None), "torchvision.models.mobilenet_v2(weights=None)", 224)),
        ("mobilenet_v3_large", (lambda: torchvision.models.mobilenet_v3_large(weights=None), "torchvision.models.mobilenet_v3_large(weights=None)", 224)),
        ("efficientnet_b0", (lambda: torchvision.models.efficientnet_b0(weights=None), "torchvision.models.efficientnet_b0(weights=None)", 224)),
        ("densenet121", (lambda: torchvision.models.densenet121(weights=None), "torchvision.models.densenet121(weights=None)", 224)),
        ("vgg16", (lambda: torchvision.models.vgg16(weights=None), "torchvision.models.vgg16(weights=None)", 224)),
        ("googlenet", (lambda: torchvision.models.googlenet(weights=None, aux_logits=False, init_weights=True),
                       "torchvision.models.googlenet(weights=None, aux_logits=False, init_weights=True)", 224)),
        ("regnet_x_400mf", (lambda: torchvision.models.regnet_x_400mf(weights=None), "torchvision.models.regnet_x_400mf(weights=None)", 224)),
        ("squeezenet1_1", (lambda: torchvision.models.squeezenet1_1(weights=None), "torchvision.models.squeezenet1_1(weights=None)", 224)),
        ("convnext_tiny", (lambda: torchvision.models.convnext_tiny(weights=None), "torchvision.models.convnext_tiny(weights=None)", 224)),
    ]
)

# Exported only when named with --only (scripts/bench-matrix.sh): not part of the full-size verification set.
EXTRA_FULL_MODELS = OrderedDict(
    [
        ("shufflenet_v2_x1_0", (lambda: torchvision.models.shufflenet_v2_x1_0(weights=None),
                                "torchvision.models.shufflenet_v2_x1_0(weights=None)", 224)),
    ]
)


# --------------------------------------------------------------------------------------------
# Weight randomisation
# --------------------------------------------------------------------------------------------

NORM_TYPES = (nn.BatchNorm2d, nn.LayerNorm)


def final_layer(model):
    """The last Linear / Conv2d module in registration order (the classifier for every model here)."""
    last = None
    for m in model.modules():
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            last = m
    return last


@torch.no_grad()
def randomise(model, size, gen_batches=4, batch=8):
    g = torch.Generator().manual_seed(SEED + 1)
    # 1. affine parameters of normalisation layers
    for m in model.modules():
        if isinstance(m, NORM_TYPES) and getattr(m, "weight", None) is not None:
            m.weight.copy_(torch.rand(m.weight.shape, generator=g) + 0.5)
            m.bias.copy_(torch.randn(m.bias.shape, generator=g) * 0.1)
    # 2. ConvNeXt layer scale
    for m in model.modules():
        if isinstance(m, tv_convnext.CNBlock):
            m.layer_scale.copy_(torch.rand(m.layer_scale.shape, generator=g) * 0.9 + 0.1)
    # 3. calibrate BN running statistics (BN layers in train mode, everything else in eval)
    bns = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    if bns:
        model.eval()
        for m in bns:
            m.reset_running_stats()
            m.momentum = None  # cumulative moving average
            m.train()
        for _ in range(gen_batches):
            model(torch.randn(batch, 3, size, size, generator=g))
        for m in bns:
            m.momentum = 0.1
            m.running_mean.add_(torch.randn(m.running_mean.shape, generator=g) * 0.1 * m.running_var.sqrt())
            m.running_var.mul_(torch.rand(m.running_var.shape, generator=g) * 0.4 + 0.8)
    model.eval()
    # 4. classifier: scale each class's output row to the same spread and shift its bias so every
    #    class has a zero mean pre-activation over random inputs (so the top-1 class depends on the
    #    input rather than on one dominant bias), then rescale the whole layer so the logits have a
    #    standard deviation of ~2 across random inputs (logits are positively homogeneous in the
    #    classifier's weight and bias for every model here, including SqueezeNet's conv+ReLU+pool).
    fl = final_layer(model)
    x = torch.cat([torch.randn(batch, 3, size, size, generator=g) for _ in range(2)])
    if fl.bias is not None:
        captured = []
        h = fl.register_forward_hook(lambda mod, inp, out: captured.append(out.clone()))  # clone: ReLU may be inplace
        model(x)
        h.remove()
        out = captured[0]
        dims = (0,) if out.dim() == 2 else (0, 2, 3)
        std_c = out.std(dim=dims).clamp_min(1e-6)
        k = std_c.mean() / std_c
        fl.weight.mul_(k.view(-1, *([1] * (fl.weight.dim() - 1))))
        fl.bias.mul_(k)
        out = out * k.view(1, -1, *([1] * (out.dim() - 2)))
        fl.bias.sub_(out.mean(dim=dims))
    for _ in range(3):
        y = model(x)
        s = y.std(dim=0).mean().item()
        if not (s > 0 and math.isfinite(s)):
            break
        f = 2.0 / s
        fl.weight.mul_(f)
        if fl.bias is not None:
            fl.bias.mul_(f)
        if abs(f - 1) < 1e-3:
            break
    return model


# --------------------------------------------------------------------------------------------
# Export + checks
# --------------------------------------------------------------------------------------------

def op_types(model_proto):
    return sorted({n.op_type for n in model_proto.graph.node})


def export_one(name, ctor, desc, size, outdir, opset, write_expected, dynamic_batch=False):
    torch.manual_seed(SEED)
    model = ctor()
    model.eval()
    randomise(model, size, gen_batches=4 if size < 128 else 2, batch=8 if size < 128 else 4)
    model.eval()
    nparams = sum(p.numel() for p in model.parameters())
    path = os.path.join(outdir, f"{name}.onnx")
    dummy = torch.randn(1, 3, size, size, generator=torch.Generator().manual_seed(SEED + 2))
    t0 = time.time()
    # torch >= 2.9 exports through torch.export (dynamo) by default, which gives other graph forms and opsets;
    # the fixtures and full-size checks are defined by the TorchScript exporter, so ask for it where it is optional.
    legacy = {"dynamo": False} if "dynamo" in inspect.signature(torch.onnx.export).parameters else {}
    with torch.no_grad():
        torch.onnx.export(
            model,
            dummy,
            path,
            opset_version=opset,
            do_constant_folding=True,
            input_names=["input"],
            output_names=["logits"],
            training=torch.onnx.TrainingMode.EVAL,
            # a symbolic batch as torch writes it with dynamic_axes: the Reshape/Flatten before the head takes
            # other forms (Shape → Gather → Concat) than with a batch fixed at 1
            dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}} if dynamic_batch else None,
            **legacy,
        )
    dt = time.time() - t0
    m = onnx.load(path)
    onnx.checker.check_model(m)
    ops = op_types(m)
    ishape = [d.dim_value for d in m.graph.input[0].type.tensor_type.shape.dim]
    oshape = [d.dim_value for d in m.graph.output[0].type.tensor_type.shape.dim]
    # logits must vary with the input
    with torch.no_grad():
        xs = torch.randn(8, 3, size, size, generator=torch.Generator().manual_seed(SEED + 3))
        ys = model(xs)
        spread = ys.std(dim=0).mean().item()
        top1 = ys.argmax(dim=1).tolist()
        y1 = model(dummy)
    if not (spread > 1e-2 and torch.isfinite(ys).all()):
        raise RuntimeError(f"{name}: degenerate logits (spread {spread})")
    info = OrderedDict(
        name=name,
        file=f"{name}.onnx",
        constructor=desc,
        input_shape=ishape,
        output_shape=oshape,
        opset=opset,
        params=nparams,
        bytes=os.path.getsize(path),
        nodes=len(m.graph.node),
        ops=ops,
        logit_spread=round(spread, 4),
        top1_of_8_random_inputs=top1,
    )
    if write_expected:
        inp = "input_" + "x".join(str(d) for d in dummy.shape) + ".bin"
        dummy.numpy().astype("<f4").tofile(os.path.join(outdir, inp))
        info["input_file"] = inp
        info["expected_logits"] = [float(v) for v in y1[0].tolist()]
    print(
        f"{name:20s} {info['bytes'] / 1e6:7.2f} MB  params {nparams:>10,d}  in {ishape} out {oshape}  "
        f"nodes {len(m.graph.node):4d}  spread {spread:.3f}  top1 {top1}  ({dt:.1f}s)\n"
        f"{'':20s} ops: {' '.join(ops)}",
        flush=True,
    )
    return info


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--small", metavar="OUTDIR", help="export reduced test fixtures (64x64, 10 classes)")
    g.add_argument("--full", metavar="OUTDIR", help="export full-size architectures (224x224, 1000 classes)")
    ap.add_argument("--opset", type=int, default=DEFAULT_OPSET)
    ap.add_argument("--only", nargs="*", help="export only these names (with --full also: shufflenet_v2_x1_0)")
    ap.add_argument("--dynamic-batch", action="store_true",
                    help="export with a symbolic batch (dynamic_axes on N) instead of a batch fixed at 1")
    args = ap.parse_args()

    small = args.small is not None
    outdir = args.small if small else args.full
    models = SMALL_MODELS if small else FULL_MODELS
    if not small and args.only:
        models = OrderedDict(list(FULL_MODELS.items()) + list(EXTRA_FULL_MODELS.items()))
    os.makedirs(outdir, exist_ok=True)
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    print(f"torch {torch.__version__}  torchvision {torchvision.__version__}  onnx {onnx.__version__}  "
          f"opset {args.opset}  -> {outdir}", flush=True)
    t0 = time.time()
    infos = []
    for name, (ctor, desc, size) in models.items():
        if args.only and name not in args.only:
            continue
        infos.append(export_one(name, ctor, desc, size, outdir, args.opset, write_expected=True,
                                dynamic_batch=args.dynamic_batch))
    total = sum(i["bytes"] for i in infos)
    print(f"total {total / 1e6:.2f} MB, {time.time() - t0:.1f}s", flush=True)
    if not args.only:
        manifest = OrderedDict(
            generator="scripts/export_torchvision.py " + ("--small" if small else "--full"),
            versions=dict(torch=torch.__version__, torchvision=torchvision.__version__, onnx=onnx.__version__),
            input_layout="NCHW float32, raw little-endian .bin files",
            models=infos,
        )
        with open(os.path.join(outdir, "expected.json"), "w") as f:
            json.dump(manifest, f, indent=1)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
