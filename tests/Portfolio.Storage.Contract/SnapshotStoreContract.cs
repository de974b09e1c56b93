using System.Globalization;
using Portfolio.Application.Snapshots;

namespace Portfolio.Storage.Contract;

public abstract class SnapshotStoreContract(IStorageFixture fixture)
{
    private readonly CancellationToken _ct = CancellationToken.None;
    private static readonly DateOnly Day = new(2024, 2, 28);

    private static DailySnapshot Snapshot(string accountId, DateOnly date, decimal value) =>
        new(accountId, date, value, 900.5m, 12.25m, new DateTimeOffset(date.ToDateTime(new TimeOnly(21, 30)), TimeSpan.Zero));

    [ContractFact]
    public async Task Saving_many_stores_each_and_replaces_existing_dates()
    {
        var first = TestData.NewId("acc");
        var second = TestData.NewId("acc");
        await fixture.Snapshots.SaveAsync(Snapshot(first, Day, 1m), _ct);

        await fixture.Snapshots.SaveManyAsync([Snapshot(first, Day, 2m), Snapshot(first, Day.AddDays(1), 3m), Snapshot(second, Day, 4m)], _ct);

        Assert.Equal([2m, 3m], (await fixture.Snapshots.ListAsync(first, Day, Day.AddDays(1), _ct)).Select(s => s.Value));
        Assert.Equal(4m, Assert.Single(await fixture.Snapshots.ListAsync(second, Day, Day, _ct)).Value);
    }

    [ContractFact]
    public async Task Saving_the_same_date_again_replaces_the_snapshot()
    {
        var account = TestData.NewId("acc");
        await fixture.Snapshots.SaveAsync(Snapshot(account, Day, 1000m), _ct);
        var revalued = Snapshot(account, Day, 1001.5m) with { ComputedAt = new DateTimeOffset(2024, 2, 29, 9, 0, 0, TimeSpan.Zero) };

        await fixture.Snapshots.SaveAsync(revalued, _ct);

        Assert.Equal(revalued, Assert.Single(await fixture.Snapshots.ListAsync(account, Day, Day, _ct)));
    }

    [ContractFact]
    public async Task List_returns_the_inclusive_date_range_oldest_first()
    {
        var account = TestData.NewId("acc");
        var days = Enumerable.Range(0, 5).Select(i => Day.AddDays(i)).ToList(); // Feb 28 .. Mar 3, leap year
        foreach (var day in days.AsEnumerable().Reverse()) await fixture.Snapshots.SaveAsync(Snapshot(account, day, 1000m + day.Day), _ct);

        var listed = await fixture.Snapshots.ListAsync(account, days[1], days[3], _ct);

        Assert.Equal(days.Skip(1).Take(3), listed.Select(s => s.Date));
        Assert.Empty(await fixture.Snapshots.ListAsync(account, days[4].AddDays(1), days[4].AddDays(30), _ct));
    }

    [ContractFact]
    public async Task Snapshots_of_other_accounts_are_not_listed()
    {
        var (mine, theirs) = (TestData.NewId("acc"), TestData.NewId("acc"));
        await fixture.Snapshots.SaveAsync(Snapshot(mine, Day, 1m), _ct);
        await fixture.Snapshots.SaveAsync(Snapshot(theirs, Day, 2m), _ct);

        Assert.Equal(1m, Assert.Single(await fixture.Snapshots.ListAsync(mine, Day, Day, _ct)).Value);
    }

    [ContractFact]
    public async Task Snapshot_values_keep_exact_decimals()
    {
        var account = TestData.NewId("acc");
        var snapshot = new DailySnapshot(account, Day, 12345678901234.567891m, 0.000001m, -0.10m, DateTimeOffset.UnixEpoch);

        await fixture.Snapshots.SaveAsync(snapshot, _ct);

        var read = Assert.Single(await fixture.Snapshots.ListAsync(account, Day, Day, _ct));
        Assert.Equal(snapshot, read);
        Assert.Equal("12345678901234.567891", read.Value.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("-0.10", read.Cash.ToString(CultureInfo.InvariantCulture));
    }
}
