#!/usr/bin/env bash
# Type-checks src/Portfolio.Functions and runs tests/Portfolio.Functions.Tests against stand-ins for the Azure Functions
# worker, Service Bus, Durable Task and Azure.Identity packages, for machines whose NuGet feed lacks them.
# Where nuget.org is reachable, build and test the real projects instead: dotnet test tests/Portfolio.Functions.Tests
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dotnet test "$here/Tests/Portfolio.Functions.Tests.Offline.csproj" "$@"
