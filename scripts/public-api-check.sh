#!/usr/bin/env bash
# Proves that the shipped public API is enforced: in a scratch copy of the Abstractions package,
# makes a shipped member internal and builds. The build must fail with RS0017 (a shipped member
# removed) naming that member; a build that passes means a breaking change would go unnoticed.
# .ci/run calls it.
set -euo pipefail
cd "$(dirname "$0")/.."

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp Directory.Build.props Directory.Packages.props global.json .editorconfig README.md "$scratch/"
mkdir -p "$scratch/src"
cp -r src/Grains.Abstractions "$scratch/src/"
rm -rf "$scratch/src/Grains.Abstractions/bin" "$scratch/src/Grains.Abstractions/obj"

member='Orleans.Dispatch.ConsumerHealthPolicy.Enabled.get -> bool'
file="$scratch/src/Grains.Abstractions/Consumers/ConsumerHealthPolicy.cs"
grep -qF "$member" src/Grains.Abstractions/PublicAPI.Shipped.txt || { echo "public-api-check: '$member' is no longer shipped; pick another member" >&2; exit 1; }
sed -i 's/public bool Enabled { get; init; }/internal bool Enabled { get; init; }/' "$file"
grep -q 'internal bool Enabled' "$file" || { echo "public-api-check: could not edit $file" >&2; exit 1; }

if output=$(dotnet build "$scratch/src/Grains.Abstractions" -nologo -v quiet 2>&1); then
  echo "public-api-check: FAILED: removing the shipped member '$member' did not fail the build" >&2
  exit 1
fi
if ! grep -q "RS0017.*ConsumerHealthPolicy.Enabled" <<<"$output"; then
  echo "public-api-check: FAILED: the build failed, but not with RS0017 for the removed member:" >&2
  echo "$output" | tail -20 >&2
  exit 1
fi
echo "public-api-check: removing a shipped member fails the build (RS0017), as it should"
