using Portfolio.Storage.Contract;

[assembly: ContractSkipCondition(typeof(Portfolio.Storage.Cosmos.Tests.CosmosTestEnvironment))]

namespace Portfolio.Storage.Cosmos.Tests;

/// <summary>
/// COSMOS_ENDPOINT (and COSMOS_KEY) name the server; scripts/services.sh starts the local one and exports them. Without an
/// endpoint the tests are skipped on a developer's machine, but fail in CI, where the script must have started it.
/// </summary>
public sealed class CosmosTestEnvironment : IContractSkipCondition
{
    // The emulator's well-known key; the local test server accepts any key.
    private const string EmulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    public static string? Endpoint => Variable("COSMOS_ENDPOINT");
    public static string Key => Variable("COSMOS_KEY") ?? EmulatorKey;
    public static bool InCi => Variable("CI") is not null;

    public string? SkipReason => Endpoint is null && !InCi
        ? "COSMOS_ENDPOINT is not set: start the local Cosmos server (source scripts/services.sh; start_services) or run scripts/test.sh"
        : null;

    private static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
