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
for model in resnet18 mobilenet_v2 efficientnet_b0 squeezenet1_1; do
  convad bench "$out/$model.onnx" --batch "$batch" --runs 11 --json
done
convad bench "$root/models/squeezenet1.1/squeezenet1.1-fp16.onnx" --batch "$batch" --runs 11 --json
