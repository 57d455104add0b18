#!/usr/bin/env bash
# Packs the self-contained `convad` CLI (linux-x64, no .NET needed on the target) small enough to carry to a lent
# GPU machine with the device tool (its carry limit is 64 MiB): artifacts/gpu/convad-cli-linux-x64.tar.gz, about
# 49 MiB (gzip -9; measured). device-check.sh unpacks and runs it there. The full bundle with full-size models is
# publish.sh (about 906 MiB).
#
# Usage: scripts/gpu/pack-cli.sh            (run here, on the build machine; no GPU needed)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/artifacts/gpu"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
dotnet publish "$root/Tools/ConvAD.Cli/ConvAD.Cli.csproj" -c Release -r linux-x64 --self-contained true \
  -p:PublishSingleFile=false -p:PublishTrimmed=false -o "$stage/convad-cli" -v q -nologo
test -x "$stage/convad-cli/convad"
git -C "$root" rev-parse --short HEAD > "$stage/convad-cli/COMMIT" 2>/dev/null || echo unknown > "$stage/convad-cli/COMMIT"
mkdir -p "$out"
tar -C "$stage" -cf - convad-cli | gzip -9 > "$out/convad-cli-linux-x64.tar.gz"
size=$(stat -c %s "$out/convad-cli-linux-x64.tar.gz")
echo "wrote artifacts/gpu/convad-cli-linux-x64.tar.gz ($(( size / 1048576 )) MiB)"
if [ "$size" -gt $(( 64 * 1048576 )) ]; then
  echo "pack-cli.sh: larger than the device tool's 64 MiB carry limit" >&2
  exit 1
fi
