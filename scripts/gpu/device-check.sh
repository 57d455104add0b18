#!/usr/bin/env bash
# The GPU checks of the GPU-runtime issue, sized for one call of the device tool (a lent NVIDIA GPU machine with no
# .NET and no network; 15 minutes of device time in all, machine start included).
#
# Here:   scripts/gpu/pack-cli.sh                      (the self-contained CLI, framework trimmed, xz: ~24 MiB, so that
#                                                       it fits beside the repository under the 64 MiB transfer limit)
# Device: run, from the repository root, with carry ["artifacts/gpu/convad-cli-linux-x64.tar.xz"] and timeout_s 560:
#           bash scripts/gpu/device-check.sh
#         Results go to $OUT (the device tool brings that folder back), or to ./device-results.
#
# The tool brings back at most 8 files, so every step appends to one log (log.txt: the command, its exit code, time,
# stdout and stderr) and one table (summary.tsv); results.tar.gz holds each step's files and is rewritten after
# every step, so a run cut short still returns what it did.
#
# In order of importance, each command time-boxed, and no step started that would overrun DEADLINE (default 520 s):
#   1. env: nvidia-smi, driver, libcuda, python's torch; the CLI's commit
#   2. verify --device cuda on the shipped models (real images) — the full-size export runs meanwhile in the background
#   3. verify --device cuda on the full-size exports (random seeded weights), bench --device cuda at batch 64 and 256
#   4. explain --bench on cuda and cpu (SqueezeNet, the embedded default; ResNet-50 full size on cuda)
#   5. the PyTorch baseline on the same GPU (torch_bench.py) and verify on the 64x64 fixture architectures
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${OUT:-$root/device-results}"
deadline="${DEADLINE:-520}"
mkdir -p "$out"
work="$(mktemp -d)"
res="$work/results"
mkdir -p "$res/verify" "$res/bench" "$res/explain"
bundle="$root/artifacts/gpu/convad-cli-linux-x64.tar.xz"
if command -v xz > /dev/null; then tar -C "$work" -xJf "$bundle"
else python3 -c 'import sys, tarfile; tarfile.open(sys.argv[1], "r:xz").extractall(sys.argv[2])' "$bundle" "$work"; fi
convad="$work/convad-cli/convad"
: > "$out/log.txt"
printf 'step\texit\tseconds\n' > "$out/summary.tsv"

# ILGPU binds the driver as "libcuda"; some images have only libcuda.so.1 (no development link): point to it.
if ! ldconfig -p 2>/dev/null | grep -q 'libcuda\.so '; then
  so1="$(ldconfig -p 2>/dev/null | awk '/libcuda\.so\.1 /{print $NF; exit}')"
  [ -z "$so1" ] && so1="$(ls /usr/local/nvidia/lib64/libcuda.so.1 /usr/lib/x86_64-linux-gnu/libcuda.so.1 2>/dev/null | head -1)"
  if [ -n "$so1" ]; then
    mkdir -p "$work/cudalink" && ln -sf "$so1" "$work/cudalink/libcuda.so"
    export LD_LIBRARY_PATH="$work/cudalink${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  fi
fi

# step NAME SECONDS -- command...: time-boxed; stdout to results/NAME.json, stderr to results/NAME.err; logged.
step() {
  local name="$1" limit="$2"; shift 3
  local left=$(( deadline - SECONDS ))
  if [ "$left" -lt 15 ]; then printf '%s\tskipped (deadline)\t0\n' "$name" >> "$out/summary.tsv"; return; fi
  [ "$limit" -gt "$left" ] && limit="$left"
  local t0=$SECONDS
  timeout "$limit" "$@" > "$res/$name.json" 2> "$res/$name.err"
  local rc=$?
  printf '%s\t%s\t%s\n' "$name" "$rc" "$(( SECONDS - t0 ))" | tee -a "$out/summary.tsv"
  { echo "=== $name: exit $rc, $(( SECONDS - t0 )) s (limit $limit s): $*"
    head -c 4000 "$res/$name.json"; echo
    head -c 2000 "$res/$name.err"; } >> "$out/log.txt"
  tar -C "$work" -czf "$out/results.tar.gz" results
}

py=""
for candidate in python3 /usr/bin/python3; do
  if "$candidate" -c 'import torch, torchvision, onnx' 2>/dev/null; then py="$candidate"; break; fi
done

{ nvidia-smi; nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap --format=csv
  uname -a; nproc; free -g | head -2
  echo "libcuda: $(ldconfig -p 2>/dev/null | grep libcuda | head -3) LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-}"
  [ -n "$py" ] && "$py" -c 'import torch, torchvision, onnx; print("torch", torch.__version__, "torchvision", torchvision.__version__, "onnx", onnx.__version__, "cuda", torch.cuda.is_available())'
  echo "convad commit $(cat "$work/convad-cli/COMMIT")"; } > "$out/env.txt" 2>&1

# The full-size export (CPU only) overlaps the verify steps on the shipped models.
full="$work/full-models"
if [ -n "$py" ]; then
  ( cd "$root" && timeout 240 "$py" scripts/export_torchvision.py --full "$full" --only resnet50 mobilenet_v2 efficientnet_b0 \
      > "$res/export.log" 2>&1; echo "export exit $?" >> "$res/export.log" ) &
  export_pid=$!
fi

cd "$root"
step verify/mnist 60 -- "$convad" verify models/mnist/mnist-8.onnx --device cuda --json
step verify/resnet20 60 -- "$convad" verify models/cifar10/resnet20.convad.json --images data/cifar10-test --limit 8 --device cuda --json
step verify/squeezenet 60 -- "$convad" verify models/squeezenet1.1/squeezenet1.1-fp16.convad.json --images data/photos --device cuda --json
step verify/shufflenet 60 -- "$convad" verify models/shufflenet-v2/shufflenet-v2-12-qdq.convad.json --images data/photos --device cuda --json
step verify/resnet32 60 -- "$convad" verify models/cifar10/resnet32.convad.json --images data/cifar10-test --limit 8 --device cuda --json
step verify/small-cnn 60 -- "$convad" verify models/cifar10/small-cnn.convad.json --images data/cifar10-test --limit 8 --device cuda --json

if [ -n "${export_pid:-}" ]; then
  wait "$export_pid"
  { echo "=== export"; tail -c 3000 "$res/export.log"; } >> "$out/log.txt"
  for m in resnet50 mobilenet_v2 efficientnet_b0; do
    [ -f "$full/$m.onnx" ] || continue
    step "verify/full-$m" 90 -- "$convad" verify "$full/$m.onnx" --masks 12 --device cuda --json
    for b in 64 256; do
      step "bench/$m.b$b" 90 -- "$convad" bench "$full/$m.onnx" --device cuda --batch "$b" --runs 7 --warmup 2 --json
    done
  done
else
  echo "no python3 with torch, torchvision and onnx here: no full-size models, no PyTorch baseline" >> "$out/log.txt"
fi

step explain/squeezenet.cuda 90 -- "$convad" explain data/photos/kitten_224.png --bench --runs 3 --device cuda --json
step explain/squeezenet.cpu 90 -- "$convad" explain data/photos/kitten_224.png --bench --runs 3 --json
if [ -f "$full/resnet50.onnx" ]; then
  step explain/resnet50.cuda 120 -- "$convad" explain data/photos/kitten_224.png --model "$full/resnet50.onnx" --bench --runs 3 --device cuda --json
fi
if [ -n "$py" ]; then
  step bench/torch 120 -- "$py" scripts/gpu/torch_bench.py --runs 10 --out "$res/bench/torch-table.json"
fi
for f in Tests/Fixtures/models/torchvision/*.onnx; do
  step "verify/fixture-$(basename "$f" .onnx)" 40 -- "$convad" verify "$f" --threshold any --device cuda --json
done
echo "done in $SECONDS s: $out" | tee -a "$out/log.txt"
