#!/usr/bin/env bash
# The GPU checks of the GPU-runtime issue, sized for one call of the device tool (a lent NVIDIA GPU machine with no
# .NET and no network; about 15 minutes of device time in all, machine start included). NOT RUN ON A GPU YET.
#
# Here:   scripts/gpu/pack-cli.sh                      (the self-contained CLI, ~49 MiB, under the 64 MiB carry limit)
# Device: run, from the repository root, with carry ["artifacts/gpu/convad-cli-linux-x64.tar.gz"] and timeout_s 540:
#           bash scripts/gpu/device-check.sh
#         Results go to $OUT (the device tool brings that folder back), or to ./device-results.
#
# In order of importance, each command time-boxed so the most important results come back first:
#   1. env: nvidia-smi, driver; the CLI's commit
#   2. verify --device cuda on the shipped models (real images) and the 64x64 fixture architectures
#   3. if python3 has torch + torchvision + onnx: export full-size ResNet-50, MobileNetV2, EfficientNet-B0 (random seeded
#      weights), verify --device cuda on them, bench --device cuda at batch 64 and 256, and the PyTorch baseline
#      (torch_bench.py: fp32, TF32 off and on)
#   4. explain --bench --device cuda and cpu: SqueezeNet (the embedded default) and, if exported, ResNet-50
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${OUT:-$root/device-results}"
mkdir -p "$out/verify" "$out/bench" "$out/explain"
work="$(mktemp -d)"
tar -C "$work" -xzf "$root/artifacts/gpu/convad-cli-linux-x64.tar.gz"
convad="$work/convad-cli/convad"
step() { # step NAME SECONDS -- command...: runs with a time box, JSON/stdout to NAME.json, stderr to NAME.err, one summary line
  local name="$1" limit="$2"; shift 3
  local t0=$SECONDS
  timeout "$limit" "$@" > "$out/$name.json" 2> "$out/$name.err"
  local rc=$?
  printf '%s\t%s\t%ss\n' "$name" "$rc" "$(( SECONDS - t0 ))" | tee -a "$out/summary.tsv"
}

{ nvidia-smi; nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv; uname -a; cat "$work/convad-cli/COMMIT"; } > "$out/env.txt" 2>&1

cd "$root"
step verify/mnist 60 -- "$convad" verify models/mnist/mnist-8.onnx --device cuda --json
step verify/resnet20 60 -- "$convad" verify models/cifar10/resnet20.convad.json --images data/cifar10-test --limit 8 --device cuda --json
step verify/resnet32 60 -- "$convad" verify models/cifar10/resnet32.convad.json --images data/cifar10-test --limit 8 --device cuda --json
step verify/small-cnn 60 -- "$convad" verify models/cifar10/small-cnn.convad.json --images data/cifar10-test --limit 8 --device cuda --json
step verify/squeezenet 90 -- "$convad" verify models/squeezenet1.1/squeezenet1.1-fp16.convad.json --images data/photos --device cuda --json
step verify/shufflenet 90 -- "$convad" verify models/shufflenet-v2/shufflenet-v2-12-qdq.convad.json --images data/photos --device cuda --json
for f in Tests/Fixtures/models/torchvision/*.onnx; do
  step "verify/fixture-$(basename "$f" .onnx)" 60 -- "$convad" verify "$f" --threshold any --device cuda --json
done

full="$work/full-models"
py=""
for candidate in python3 /usr/bin/python3; do
  if "$candidate" -c 'import torch, torchvision, onnx' 2>/dev/null; then py="$candidate"; break; fi
done
if [ -n "$py" ]; then
  step export 240 -- "$py" scripts/export_torchvision.py --full "$full" --only resnet50 mobilenet_v2 efficientnet_b0
  for m in resnet50 mobilenet_v2 efficientnet_b0; do
    [ -f "$full/$m.onnx" ] || continue
    step "verify/full-$m" 120 -- "$convad" verify "$full/$m.onnx" --masks 12 --device cuda --json
    for b in 64 256; do
      step "bench/$m.b$b" 180 -- "$convad" bench "$full/$m.onnx" --device cuda --batch "$b" --runs 7 --warmup 2 --json
    done
  done
  step bench/torch 300 -- "$py" scripts/gpu/torch_bench.py --out "$out/bench/torch.json"
else
  echo "no python3 torch/torchvision/onnx here: no full-size models, no PyTorch baseline" | tee "$out/bench/skipped.txt"
fi

step explain/squeezenet.cuda 120 -- "$convad" explain data/photos/kitten_224.png --bench --runs 3 --device cuda --json
step explain/squeezenet.cpu 120 -- "$convad" explain data/photos/kitten_224.png --bench --runs 3 --json
if [ -f "$full/resnet50.onnx" ]; then
  step explain/resnet50.cuda 180 -- "$convad" explain data/photos/kitten_224.png --model "$full/resnet50.onnx" --bench --runs 3 --device cuda --json
fi
echo "results: $out"
