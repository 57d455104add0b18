#!/usr/bin/env bash
# Coverage-guided fuzzing of one ConvAD harness (Tools/ConvAD.Fuzz) with AFL++ through SharpFuzz.
#   scripts/fuzz.sh TARGET SECONDS        TARGET: onnx | sidecar | image | generator
# Builds the harness into artifacts/fuzz/TARGET/bin, instruments the assemblies under test there, runs afl-fuzz for
# SECONDS from the committed seeds (Tests/Fuzz/corpus/TARGET) and prints executions, corpus size, crashes and hangs.
# Findings stay in artifacts/fuzz/TARGET/out/default/{crashes,hangs}; replay one with
#   dotnet artifacts/fuzz/TARGET/bin/ConvAD.Fuzz.dll TARGET FILE
# and commit it to Tests/Fuzz/corpus/TARGET/ with its fix (FuzzCorpusReplayTests replays every committed file).
# Needs afl-fuzz (Debian: apt-get install afl++). CPU-heavy: run it under nice.
set -euo pipefail

target="${1:?usage: scripts/fuzz.sh TARGET SECONDS}"
seconds="${2:?usage: scripts/fuzz.sh TARGET SECONDS}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/artifacts/fuzz/$target"
bin="$work/bin"

case "$target" in
  onnx|sidecar) instrument=(ConvAD.Core.dll) ;;
  image) instrument=(ConvAD.Runtime.dll SixLabors.ImageSharp.dll) ;;
  generator) instrument=(ConvAD.Generator.dll) ;;
  *) echo "unknown target '$target' (onnx, sidecar, image, generator)" >&2; exit 2 ;;
esac

command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found (Debian: apt-get install afl++)" >&2; exit 2; }
tools="$root/artifacts/fuzz/tools"
[ -x "$tools/sharpfuzz" ] || dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools" >/dev/null

rm -rf "$bin"
dotnet build "$root/Tools/ConvAD.Fuzz" -c Release -o "$bin" -v quiet -nologo >/dev/null
for assembly in "${instrument[@]}"; do
  "$tools/sharpfuzz" "$bin/$assembly"
done

rm -rf "$work/out"
# .NET maps far more virtual memory than afl's default limit (-m none); the first run JIT-compiles (-t generous).
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
afl-fuzz -i "$root/Tests/Fuzz/corpus/$target" -o "$work/out" -m none -t 10000 -V "$seconds" \
  -- dotnet "$bin/ConvAD.Fuzz.dll" "$target" > "$work/afl.log" 2>&1 || { tail -n 30 "$work/afl.log" >&2; exit 1; }

stats="$work/out/default/fuzzer_stats"
field() { sed -n "s/^$1 *: *//p" "$stats"; }
echo "target:      $target"
echo "run time:    $(field run_time) s"
echo "executions:  $(field execs_done) ($(field execs_per_sec)/s)"
echo "corpus:      $(field corpus_count) inputs (from $(ls "$root/Tests/Fuzz/corpus/$target" | wc -l) seeds)"
echo "coverage:    $(field bitmap_cvg)"
echo "crashes:     $(field saved_crashes)"
echo "hangs:       $(field saved_hangs)"
