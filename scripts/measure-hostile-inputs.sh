#!/usr/bin/env bash
# Peak memory and outcome of `convad predict` on every hostile image fixture, plus a FIFO and a device.
# Usage: bash scripts/measure-hostile-inputs.sh   (needs GNU time at /usr/bin/time; builds the CLI in Release first)
# Prints a Markdown table: file, exit code, peak resident memory (MB), wall time, the first line of output.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build Tools/ConvAD.Cli -c Release -v quiet -nologo > /dev/null
cli=(dotnet Tools/ConvAD.Cli/bin/Release/net10.0/convad.dll predict)
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkfifo "$scratch/x.png"
echo "| input | exit | peak RSS (MB) | wall | answer |"
echo "|---|---:|---:|---:|---|"
for f in Tests/Fixtures/images/hostile/* "$scratch/x.png" /dev/zero; do
  out="$scratch/out" ; tv="$scratch/time"
  set +e
  timeout 120 /usr/bin/time -v -o "$tv" "${cli[@]}" "$f" > "$out" 2>&1
  code=$?
  set -e
  rss=$(awk -F: '/Maximum resident/ { printf "%.0f", $2 / 1024 }' "$tv")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$tv")
  answer=$(grep -m1 -E "convad:|   1\." "$out" | sed -e "s|$PWD/||" -e "s|$scratch/||" -e 's/|/\\|/g' -e 's/  */ /g')
  name=${f#Tests/Fixtures/images/hostile/}; name=${name#"$scratch"/}
  echo "| \`$name\` | $code | $rss | $wall | $answer |"
done
