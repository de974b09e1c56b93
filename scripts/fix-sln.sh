#!/usr/bin/env bash
# Rebuilds the solution's project list from the csproj files on disk (after a merge conflict in the .sln).
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f PortfolioFunctions.sln
dotnet new sln --format sln -n PortfolioFunctions >/dev/null
find src tests bench -name '*.csproj' | sort | xargs dotnet sln PortfolioFunctions.sln add >/dev/null
dotnet sln PortfolioFunctions.sln list | tail -n +3
