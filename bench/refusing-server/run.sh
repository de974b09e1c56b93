#!/usr/bin/env bash
# bench/refusing-server/run.sh DRIVER [driver options]   e.g. run.sh crash-restart --short
# Shows that a driver fails when the server refuses every buy and sell with 422. Builds a copy of the committed tree
# (git archive HEAD) with RefuseTrades.cs added to src/Portfolio.Server, under artifacts/refusing-server/<tree of src>
# (reused while src/ is unchanged), and runs the driver against that copy (PORTFOLIO_SERVER_DLL) with
# ASPNETCORE_HOSTINGSTARTUPASSEMBLIES=Portfolio.Server, which activates the refusal. Nothing in the repository's own
# server changes. Exit status: the driver's (non-zero is the expected outcome).
set -uo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if [ $# -lt 1 ]; then sed -n '2,6p' "$0"; exit 2; fi
copy="$(pwd)/artifacts/refusing-server/$(git rev-parse HEAD:src | cut -c1-12)"
dll="$copy/src/Portfolio.Server/bin/Release/net10.0/Portfolio.Server.dll"
if [ ! -f "$dll" ]; then
  rm -rf "$copy" && mkdir -p "$copy"
  git archive HEAD | tar -x -C "$copy"
  cp bench/refusing-server/RefuseTrades.cs "$copy/src/Portfolio.Server/RefuseTrades.cs"
fi
echo "== build (Release): refusing copy of the server in $copy"
dotnet build "$copy/src/Portfolio.Server/Portfolio.Server.csproj" -c Release -nologo -v quiet >/dev/null \
  || { dotnet build "$copy/src/Portfolio.Server/Portfolio.Server.csproj" -c Release -nologo -v quiet; exit 1; }
dotnet build bench/Portfolio.Drivers/Portfolio.Drivers.csproj -c Release -nologo -v quiet >/dev/null \
  || { dotnet build bench/Portfolio.Drivers/Portfolio.Drivers.csproj -c Release -nologo -v quiet; exit 1; }
echo "== $1 against the refusing copy"
PORTFOLIO_SERVER_DLL="$dll" ASPNETCORE_HOSTINGSTARTUPASSEMBLIES=Portfolio.Server \
  dotnet bench/Portfolio.Drivers/bin/Release/net10.0/Portfolio.Drivers.dll "$@"
