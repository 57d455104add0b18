#!/usr/bin/env bash
# The engine's benchmark matrix in one command: every CNN family × export form (batch fixed at 1 and opset 14,
# or a symbolic batch and opset 13, as torch writes each), plain ONNX Runtime against the ConvAD forward side by side
# in one process (`convad bench --json`: alternating runs, medians), written as a markdown table.
#
#   scripts/bench-matrix.sh [OUT_DIR] [BATCH] [RUNS]        (defaults: artifacts/bench-models, 16, 11)
#
# The full-size models (224×224, random weights; ~1 GB) are exported into OUT_DIR/static and OUT_DIR/dynamic on the first
# run (Debian's python3-torch, python3-torchvision, python3-onnx); the shipped SqueezeNet 1.1 fp16 is added as is. Output:
# OUT_DIR/matrix.md (the table) and OUT_DIR/matrix.jsonl (one `convad bench --json` line per row). For timing, run it at a
# high priority on an otherwise idle machine (`nice -n -15 scripts/bench-matrix.sh`): ratios of runs taken side by side
# are what to compare; absolute images/s vary with the machine's load.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/artifacts/bench-models}"
batch="${2:-16}"
runs="${3:-11}"
families="resnet18 resnet50 mobilenet_v2 mobilenet_v3_large efficientnet_b0 densenet121 squeezenet1_1 shufflenet_v2_x1_0"
mkdir -p "$out/static" "$out/dynamic"
missing() { for f in $families; do [ -f "$1/$f.onnx" ] || return 0; done; return 1; }
if missing "$out/static"; then
  /usr/bin/python3 "$root/scripts/export_torchvision.py" --full "$out/static" --opset 14 --only $families
fi
if missing "$out/dynamic"; then
  /usr/bin/python3 "$root/scripts/export_torchvision.py" --full "$out/dynamic" --opset 13 --dynamic-batch --only $families
fi
cli="$root/Tools/ConvAD.Cli/bin/Release/net10.0/convad.dll"
[ -f "$cli" ] || dotnet build "$root/Tools/ConvAD.Cli" -c Release -v q
: > "$out/matrix.jsonl"
row() { # FAMILY FORM FILE
  if json=$(dotnet "$cli" bench "$3" --batch "$batch" --runs "$runs" --json 2>/dev/null); then
    echo "{\"family\":\"$1\",\"form\":\"$2\",\"bench\":$json}" >> "$out/matrix.jsonl"
  else
    echo "{\"family\":\"$1\",\"form\":\"$2\",\"bench\":null}" >> "$out/matrix.jsonl"
  fi
  tail -n 1 "$out/matrix.jsonl"
}
for f in $families; do
  row "$f" "static batch, opset 14" "$out/static/$f.onnx"
  row "$f" "dynamic batch, opset 13" "$out/dynamic/$f.onnx"
done
row "squeezenet1.1 fp16 (shipped)" "static batch, opset 7, fp16" "$root/models/squeezenet1.1/squeezenet1.1-fp16.onnx"
/usr/bin/python3 - "$out/matrix.jsonl" "$batch" "$runs" > "$out/matrix.md" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print(f"batch {sys.argv[2]}, {sys.argv[3]} alternating runs per row (medians; each timed call the second of two of its forward in a row), ONNX Runtime CPU provider\n")
print("| family | export form | plain images/s | ConvAD images/s | ratio | ≥ 0.95 |")
print("|---|---|---:|---:|---:|---|")
for r in rows:
    b = r["bench"]
    if b is None:
        print(f"| {r['family']} | {r['form']} | – | – | failed | |")
        continue
    print(f"| {r['family']} | {r['form']} | {b['plainImagesPerSecond']:.1f} | {b['convAdImagesPerSecond']:.1f} | "
          f"**{b['ratio']:.3f}** | {'yes' if b['ratio'] >= 0.95 else 'no'} |")
PY
cat "$out/matrix.md"
