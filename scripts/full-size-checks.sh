#!/usr/bin/env bash
# Verification and benchmark runs on full-size torchvision architectures (random weights, 224×224).
# They are too big to commit: this exports them (needs Debian's python3-torch, python3-torchvision and
# python3-onnx: apt-get install python3-torch python3-torchvision python3-onnx), then runs
# `convad verify` and `convad bench` on each. Usage: scripts/full-size-checks.sh [OUT_DIR] [BATCH]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/artifacts/full-models}"
batch="${2:-16}"
mkdir -p "$out"
if [ ! -f "$out/resnet50.onnx" ]; then
  /usr/bin/python3 "$root/scripts/export_torchvision.py" --full "$out"
fi
dotnet build "$root/Tools/ConvAD.Cli" -c Release -v q
convad() { dotnet "$root/Tools/ConvAD.Cli/bin/Release/net10.0/convad.dll" "$@"; }
for model in resnet18 resnet50 mobilenet_v2 mobilenet_v3_large efficientnet_b0 densenet121 vgg16 googlenet regnet_x_400mf squeezenet1_1 convnext_tiny; do
  convad verify "$out/$model.onnx" --masks 12 --json || true
done
# MobileNetV2 exported with a symbolic height and width (dynamic_axes on N, H, W), run at a stated size. torchvision's own random
# initialisation (no weights are downloaded): a check of shapes and invariants, not of accuracy.
if [ ! -f "$out/mobilenet_v2_dynamic_hw.onnx" ]; then
  /usr/bin/python3 - "$out/mobilenet_v2_dynamic_hw.onnx" <<'PY'
import sys, warnings
import torch, torchvision
warnings.filterwarnings("ignore")
torch.manual_seed(0)
model = torchvision.models.mobilenet_v2(weights=None).eval()
torch.onnx.export(model, torch.zeros(1, 3, 224, 224), sys.argv[1], input_names=["input"], output_names=["logits"], opset_version=13,
                  dynamic_axes={"input": {0: "N", 2: "H", 3: "W"}, "logits": {0: "N"}})
PY
fi
convad info "$out/mobilenet_v2_dynamic_hw.onnx" --input-size 224x224
convad verify "$out/mobilenet_v2_dynamic_hw.onnx" --input-size 224x224 --masks 12 --json || true
convad verify "$out/mobilenet_v2_dynamic_hw.onnx" --input-size 160x192 --masks 12 --json || true
# Inception-v3 (299×299; explicit Pads from F.avg_pool2d(padding=1) in its blocks) and ShuffleNetV2 with a dynamic batch (its
# channel shuffle's Reshape target is computed from Shape(x)), both as the usual export writes them.
if [ ! -f "$out/inception_v3.onnx" ]; then
  /usr/bin/python3 - "$out" <<'PY'
import sys, warnings
import torch, torchvision
warnings.filterwarnings("ignore")
torch.manual_seed(0)
out = sys.argv[1]
axes = {"input": {0: "N"}, "logits": {0: "N"}}
m = torchvision.models.inception_v3(weights=None, aux_logits=True, init_weights=True).eval()
torch.onnx.export(m, torch.zeros(1, 3, 299, 299), out + "/inception_v3.onnx", input_names=["input"], output_names=["logits"], opset_version=13, dynamic_axes=axes)
m = torchvision.models.shufflenet_v2_x1_0(weights=None).eval()
torch.onnx.export(m, torch.zeros(1, 3, 224, 224), out + "/shufflenet_v2_dynamic_batch.onnx", input_names=["input"], output_names=["logits"], opset_version=13, dynamic_axes=axes)
PY
fi
convad verify "$out/inception_v3.onnx" --masks 12 --json || true
convad verify "$out/shufflenet_v2_dynamic_batch.onnx" --masks 12 --json || true
for model in resnet18 mobilenet_v2 efficientnet_b0 squeezenet1_1; do
  convad bench "$out/$model.onnx" --batch "$batch" --runs 11 --json
done
convad bench "$root/models/squeezenet1.1/squeezenet1.1-fp16.onnx" --batch "$batch" --runs 11 --json
