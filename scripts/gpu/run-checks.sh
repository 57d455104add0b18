#!/usr/bin/env bash
# ConvAD on an NVIDIA GPU: invariants and throughput of ConvAD's own GPU runtime (--device cuda).
#
# Not run on a GPU as a bundle yet (device-check.sh, which runs the same checks from a checkout, has): dry-checked
# on machines without a GPU (there every cuda command ends with
# "convad: no NVIDIA GPU or driver found", exit 3, and this script records exactly that). It is meant to run
# from the unpacked bundle of scripts/gpu/publish.sh on the GPU machine:
#     tar -xzf convad-gpu-linux-x64.tar.gz && cd convad-gpu && ./run-checks.sh [OUT_DIR]
# It needs only the NVIDIA display driver (no .NET, no CUDA toolkit, no cuDNN).
#
# Writes into OUT_DIR (default results-<UTC time>):
#   env.txt                     nvidia-smi, driver, OS, the bundle's README
#   verify/<model>.json         convad verify --device cuda --json (one JSON line; exit 2 = op not supported yet)
#   bench/<model>.b<B>.json     convad bench --device cuda --batch B --json (B = 64, 256)
#   explain/<model>.<device>.json  convad explain --bench --device cuda|cpu --json (SqueezeNet, ResNet-50)
#   summary.tsv                 one row per command: kind, model, exit code, seconds, JSON file
#   *.err                       stderr of each command (one line on failure)
#
# Environment: TIMEOUT (per command, default 900 s), MASKS (verify masks, default 24), RUNS (bench timed runs,
# default 11), CPU_BASELINE=1 (also bench ONNX Runtime on the CPU at batch 64).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/results-$(date -u +%Y%m%dT%H%M%SZ)}"
convad="$here/bin/convad"
timeout_s="${TIMEOUT:-900}"
masks="${MASKS:-24}"
runs="${RUNS:-11}"
mkdir -p "$out/verify" "$out/bench"
printf 'kind\tmodel\texit\tseconds\tjson\n' > "$out/summary.tsv"

if [ ! -x "$convad" ]; then
  echo "run-checks.sh: $convad not found: run this from the unpacked bundle of scripts/gpu/publish.sh" >&2
  exit 3
fi

{
  echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(hostname)"
  uname -a
  cat /etc/os-release 2>/dev/null | head -2
  echo "## nvidia-smi"
  if command -v nvidia-smi > /dev/null; then
    nvidia-smi 2>&1
    nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap --format=csv 2>&1
  else
    echo "(nvidia-smi not available)"
  fi
  echo "## libcuda"
  ldconfig -p 2>/dev/null | grep -E 'libcuda\.so' || echo "(libcuda.so not in the linker cache)"
  echo "## bundle"
  cat "$here/README.txt" 2>/dev/null
  "$convad" --version 2>&1
} > "$out/env.txt" 2>&1

# run KIND NAME JSON_FILE -- convad args...: one command, its JSON line, stderr, exit code and time.
run() {
  local kind="$1" name="$2" json="$3"
  shift 4
  local t0 t1 rc
  t0=$(date +%s.%N)
  timeout "$timeout_s" "$convad" "$@" > "$json" 2> "${json%.json}.err"
  rc=$?
  t1=$(date +%s.%N)
  local secs
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
  printf '%s\t%s\t%s\t%s\t%s\n' "$kind" "$name" "$rc" "$secs" "${json#$out/}" >> "$out/summary.tsv"
  local note
  note="$(head -c 160 "${json%.json}.err")"
  if [ "$rc" = 2 ]; then note="$(grep -o '"reason":"[^"]*"' "$json" | head -c 160)"; fi
  printf '%-8s %-40s exit %-3s %7ss  %s\n' "$kind" "$name" "$rc" "$secs" "$note"
}

echo "== verify --device cuda: full-size models (random weights, random images; reference: ONNX Runtime CPU)"
for f in "$here"/full-models/*.onnx; do
  name="$(basename "$f" .onnx)"
  run verify "$name" "$out/verify/$name.json" -- verify "$f" --device cuda --masks "$masks" --json
done

echo "== verify --device cuda: shipped models (real images; MNIST's are idx files, so random ones there)"
shipped=(
  "mnist/mnist-8.convad.json -"
  "cifar10/resnet20.convad.json data/cifar10-test"
  "cifar10/resnet32.convad.json data/cifar10-test"
  "cifar10/small-cnn.convad.json data/cifar10-test"
  "squeezenet1.1/squeezenet1.1-fp16.convad.json data/photos"
  "shufflenet-v2/shufflenet-v2-12-qdq.convad.json data/photos"
)
for entry in "${shipped[@]}"; do
  set -- $entry
  name="$(basename "$1" .convad.json)"
  images=()
  if [ "$2" != - ]; then images=(--images "$here/$2" --limit 4); fi
  run verify "$name" "$out/verify/$name.json" -- verify "$here/models/$1" "${images[@]}" --device cuda --masks "$masks" --json
done

echo "== bench --device cuda: plain vs ConvAD forward on the GPU, batch 64 and 256"
for name in resnet50 mobilenet_v2 efficientnet_b0; do
  for batch in 64 256; do
    run bench "$name.b$batch" "$out/bench/$name.b$batch.json" -- bench "$here/full-models/$name.onnx" --device cuda --batch "$batch" --runs "$runs" --warmup 3 --json
  done
  if [ "${CPU_BASELINE:-0}" = 1 ]; then
    run bench "$name.b64.cpu" "$out/bench/$name.b64.cpu.json" -- bench "$here/full-models/$name.onnx" --device cpu --batch 64 --runs 5 --warmup 1 --json
  fi
done

# Explanations: wall time of one explanation (explain --bench: median of 3, with the mutants ÷ plain-throughput floor on
# the same device), on the GPU and, for comparison, on ONNX Runtime (CPU). SqueezeNet: the embedded default;
# ResNet-50: the full-size export (random weights).
echo "== explain --bench: an explanation's wall time on the GPU and on the CPU"
mkdir -p "$out/explain"
for device in cuda cpu; do
  run explain "squeezenet.$device" "$out/explain/squeezenet.$device.json" -- explain "$here/data/photos/kitten_224.png" --bench --runs 3 --device "$device" --json
  run explain "resnet50.$device" "$out/explain/resnet50.$device.json" -- explain "$here/data/photos/kitten_224.png" --model "$here/full-models/resnet50.onnx" --bench --runs 3 --device "$device" --json
done

echo "== done: $out/summary.tsv"
column -t -s $'\t' "$out/summary.tsv" 2>/dev/null || cat "$out/summary.tsv"
