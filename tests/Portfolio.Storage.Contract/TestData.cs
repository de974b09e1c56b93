using Portfolio.Application.Accounts;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Rebalancing;

namespace Portfolio.Storage.Contract;

internal static class TestData
{
    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public static Account Account(string? ownerId = null, string? id = null, string name = "Brokerage") => new(
        Id: id ?? NewId("acc"),
        OwnerId: ownerId ?? NewId("owner"),
        Name: name,
        Settings: new AccountSettings(AccountType.Taxable, "USD", LotMethod.Hifo, TracksCash: true, AllowsFractionalShares: true),
        CreatedAt: new DateTimeOffset(2024, 3, 10, 14, 30, 15, 123, TimeSpan.Zero),
        Targets: new TargetAllocation(new Dictionary<string, decimal> { ["VTI"] = 60.000001m, ["BND"] = 39.999999m }, 2.5m),
        Symbols: ["VTI", "BND"],
        CreateRequestHash: "sha256:abc");
}
