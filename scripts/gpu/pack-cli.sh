#!/usr/bin/env bash
# Packs the self-contained `convad` CLI (linux-x64, no .NET needed on the target) small enough to carry to a lent
# GPU machine with the device tool (its limit is 64 MiB for the repository and what it carries together, and the
# repository's tracked files are about 29 MiB): artifacts/gpu/convad-cli-linux-x64.tar.xz, about 24 MiB (measured).
# To fit, the framework's assemblies are trimmed (ConvAdDeviceBundle in ConvAD.Cli.csproj; ConvAD's and ILGPU's are
# kept whole) and the archive is xz. device-check.sh unpacks and runs it there. The full bundle with full-size models
# is publish.sh (about 906 MiB).
#
# Usage: scripts/gpu/pack-cli.sh            (run here, on the build machine; no GPU needed)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/artifacts/gpu"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
dotnet publish "$root/Tools/ConvAD.Cli/ConvAD.Cli.csproj" -c Release -r linux-x64 --self-contained true \
  -p:PublishSingleFile=false -p:ConvAdDeviceBundle=true -o "$stage/convad-cli" -v q -nologo
test -x "$stage/convad-cli/convad"
git -C "$root" rev-parse --short HEAD > "$stage/convad-cli/COMMIT" 2>/dev/null || echo unknown > "$stage/convad-cli/COMMIT"
mkdir -p "$out"
tar -C "$stage" -cf - convad-cli | xz -9 -T0 > "$out/convad-cli-linux-x64.tar.xz"
size=$(stat -c %s "$out/convad-cli-linux-x64.tar.xz")
tracked=$(git -C "$root" ls-files -z | (cd "$root" && xargs -0 stat -c %s 2>/dev/null) | awk '{ s += $1 } END { print s }')
echo "wrote artifacts/gpu/convad-cli-linux-x64.tar.xz ($(( size / 1048576 )) MiB; tracked files $(( tracked / 1048576 )) MiB)"
if [ $(( size + tracked )) -gt $(( 64 * 1048576 )) ]; then
  echo "pack-cli.sh: with the repository, larger than the device tool's 64 MiB transfer limit" >&2
  exit 1
fi
