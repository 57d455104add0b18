#!/usr/bin/env bash
# Builds the bundle for a GPU machine: a self-contained `convad` (no .NET needed there), the full-size
# torchvision models, the shipped models and test images, and the scripts that run the checks there.
#
# NOT RUN ON A GPU HERE: this script runs on the build machine (no GPU needed); the bundle it makes is
# meant for an NVIDIA GPU machine, where `run-checks.sh` and `torch_bench.py` run (see docs/gpu-deployment.md).
#
# Needs: the .NET 10 SDK (and NuGet access for the linux-x64 runtime pack on a first publish), Debian's
# python3-torch, python3-torchvision and python3-onnx for the full-size export:
#     apt-get install -y python3-torch python3-torchvision python3-onnx python3-numpy
# (use /usr/bin/python3: a pyenv `python3` on PATH does not see these packages; see scripts/README.md).
#
# Usage: scripts/gpu/publish.sh [OUT_DIR]            (default: artifacts/gpu)
#   FULL_MODELS=DIR   reuse full-size models already exported there (export_torchvision.py --full DIR)
#   COMPRESS=gzip|zstd (default gzip: tar.gz; zstd is faster and gives .tar.zst)
# Writes OUT_DIR/convad-gpu-linux-x64.tar.gz; unpack with `tar -xzf` and run convad-gpu/run-checks.sh.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$(mkdir -p "${1:-$root/artifacts/gpu}" && cd "${1:-$root/artifacts/gpu}" && pwd)"
stage="$out/convad-gpu"
full="${FULL_MODELS:-$out/full-models}"
compress="${COMPRESS:-gzip}"
start=$(date +%s)

if ! /usr/bin/python3 -c 'import torch, torchvision, onnx' 2>/dev/null; then
  echo "publish.sh: Debian's python3-torch, python3-torchvision and python3-onnx are needed to export the full-size models:" >&2
  echo "    apt-get install -y python3-torch python3-torchvision python3-onnx python3-numpy" >&2
  exit 1
fi

rm -rf "$stage"
mkdir -p "$stage"

echo "== dotnet publish (self-contained, linux-x64)"
dotnet publish "$root/Tools/ConvAD.Cli/ConvAD.Cli.csproj" -c Release -r linux-x64 --self-contained true \
  -p:PublishSingleFile=false -p:PublishTrimmed=false -o "$stage/bin" -v q -nologo
test -x "$stage/bin/convad"

echo "== full-size models -> $full"
if [ ! -f "$full/resnet50.onnx" ] || [ ! -f "$full/expected.json" ]; then
  /usr/bin/python3 "$root/scripts/export_torchvision.py" --full "$full"
fi
mkdir -p "$stage/full-models"
cp "$full"/*.onnx "$full/expected.json" "$stage/full-models/"

echo "== shipped models, test images, scripts"
cp -r "$root/models" "$stage/models"
mkdir -p "$stage/data"
cp -r "$root/data/photos" "$root/data/cifar10-test" "$root/data/mnist" "$stage/data/"
cp "$root/scripts/gpu/run-checks.sh" "$root/scripts/gpu/torch_bench.py" "$stage/"
chmod +x "$stage/run-checks.sh"
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
dirty="$(git -C "$root" status --porcelain 2>/dev/null | grep -q . && echo " (with uncommitted changes)" || true)"
cat > "$stage/README.txt" <<EOF
ConvAD GPU bundle (linux-x64, self-contained: no .NET needed on the target).
Built $(date -u +%Y-%m-%dT%H:%MZ) from commit $commit$dirty with $(dotnet --version 2>/dev/null | sed 's/^/.NET SDK /').

  bin/convad          the CLI (convad verify|bench ... --device cpu|cuda|cuda-emulated)
  full-models/        torchvision architectures at 224x224, random seeded weights (scripts/export_torchvision.py --full)
  models/, data/      the repository's shipped models and test images
  run-checks.sh       verify and bench on the GPU, JSON results into an output folder
  torch_bench.py      PyTorch baseline on the same GPU (needs torch + torchvision with CUDA there)

On the GPU machine only the NVIDIA display driver is needed (see docs/gpu-deployment.md):
  tar -xzf convad-gpu-linux-x64.tar.gz && cd convad-gpu && ./run-checks.sh results
EOF

echo "== packing"
cd "$out"
case "$compress" in
  zstd) tarball="$out/convad-gpu-linux-x64.tar.zst"; tar -cf - convad-gpu | zstd -q -T0 -3 -f -o "$tarball" ;;
  *)    tarball="$out/convad-gpu-linux-x64.tar.gz"; tar -czf "$tarball" convad-gpu ;;
esac
rm -rf "$stage"
echo "wrote $tarball ($(du -h "$tarball" | cut -f1)) in $(( $(date +%s) - start )) s"
