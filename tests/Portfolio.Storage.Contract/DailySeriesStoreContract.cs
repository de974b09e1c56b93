using System.Globalization;
using Portfolio.Application.Performance;

namespace Portfolio.Storage.Contract;

public abstract class DailySeriesStoreContract(IStorageFixture fixture)
{
    private readonly CancellationToken _ct = CancellationToken.None;
    private static readonly DateOnly Dec30 = new(2023, 12, 30);

    /// <summary>Consecutive days from <paramref name="first"/>, with values that tell them apart.</summary>
    private static List<SeriesDay> Days(DateOnly first, int count, decimal offset = 0) =>
        Enumerable.Range(0, count).Select(i => new SeriesDay(first.AddDays(i), 1000m + i + offset, 10.5m, i == 0 ? 1000m : 0m, 0m, 1m + i / 1000m)).ToList();

    [ContractFact]
    public async Task An_account_without_a_series_reads_as_null()
    {
        Assert.Null(await fixture.Series.ReadAsync(TestData.NewId("acc"), Dec30, Dec30.AddDays(10), _ct));
    }

    [ContractFact]
    public async Task A_saved_series_reads_back_its_watermark_and_the_inclusive_range_across_years()
    {
        var account = TestData.NewId("acc");
        var watermark = new SeriesWatermark(42, 7, Dec30.AddDays(4));

        Assert.True(await fixture.Series.TrySaveAsync(account, 0, watermark, Dec30, Days(Dec30, 5), _ct));

        var read = await fixture.Series.ReadAsync(account, Dec30.AddDays(1), Dec30.AddDays(3), _ct);
        Assert.NotNull(read);
        Assert.Equal(1, read.Revision);
        Assert.Equal(watermark, read.Watermark);
        Assert.Equal(Days(Dec30, 5).Skip(1).Take(3), read.Days); // Dec 31, Jan 1, Jan 2
    }

    [ContractFact]
    public async Task Saving_replaces_the_days_from_its_first_date_and_keeps_the_earlier_ones()
    {
        var account = TestData.NewId("acc");
        await fixture.Series.TrySaveAsync(account, 0, new SeriesWatermark(1, 1, Dec30.AddDays(9)), Dec30, Days(Dec30, 10), _ct);
        var replacement = Days(Dec30.AddDays(3), 3, offset: 500m); // a back-dated write: days 3..5 recomputed; the series now ends there

        Assert.True(await fixture.Series.TrySaveAsync(account, 1, new SeriesWatermark(2, 1, Dec30.AddDays(5)), Dec30.AddDays(3), replacement, _ct));

        var read = (await fixture.Series.ReadAsync(account, Dec30, Dec30.AddDays(20), _ct))!;
        Assert.Equal(2, read.Revision);
        Assert.Equal(Days(Dec30, 3).Concat(replacement), read.Days);
    }

    [ContractFact]
    public async Task A_save_against_a_stale_revision_changes_nothing()
    {
        var account = TestData.NewId("acc");
        await fixture.Series.TrySaveAsync(account, 0, new SeriesWatermark(1, 1, Dec30.AddDays(2)), Dec30, Days(Dec30, 3), _ct);

        Assert.False(await fixture.Series.TrySaveAsync(account, 0, new SeriesWatermark(9, 9, Dec30.AddDays(2)), Dec30, Days(Dec30, 3, 1m), _ct));
        Assert.False(await fixture.Series.TrySaveAsync(TestData.NewId("acc"), 3, new SeriesWatermark(9, 9, Dec30), Dec30, Days(Dec30, 1), _ct));

        var read = (await fixture.Series.ReadAsync(account, Dec30, Dec30.AddDays(2), _ct))!;
        Assert.Equal((1, new SeriesWatermark(1, 1, Dec30.AddDays(2))), (read.Revision, read.Watermark));
        Assert.Equal(Days(Dec30, 3), read.Days);
    }

    [ContractFact]
    public async Task Series_values_keep_exact_decimals_and_accounts_are_apart()
    {
        var (mine, theirs) = (TestData.NewId("acc"), TestData.NewId("acc"));
        var day = new SeriesDay(Dec30, 12345678901234.567891m, -0.10m, 0.000001m, 3.50m, 1.0123456789012345678901234567m);
        await fixture.Series.TrySaveAsync(mine, 0, new SeriesWatermark(1, 2, Dec30), Dec30, [day], _ct);
        await fixture.Series.TrySaveAsync(theirs, 0, new SeriesWatermark(1, 2, Dec30), Dec30, [day with { Value = 1m }], _ct);

        var read = Assert.Single((await fixture.Series.ReadAsync(mine, Dec30, Dec30, _ct))!.Days);
        Assert.Equal(day, read);
        Assert.Equal(
            ["12345678901234.567891", "-0.10", "0.000001", "3.50", "1.0123456789012345678901234567"],
            new[] { read.Value, read.Cash, read.NetFlow, read.Income, read.Growth }.Select(d => d.ToString(CultureInfo.InvariantCulture)));
    }
}
