using Microsoft.Extensions.Time.Testing;
using Portfolio.Api.RateLimiting;

namespace Portfolio.Server.Tests;

public sealed class CallerBucketsTests
{
    private static readonly TokenBucket ThreeThenOneEveryTwoSeconds = new() { TokenLimit = 3, TokensPerPeriod = 1, PeriodSeconds = 2 };

    [Fact]
    public void A_bucket_admits_its_burst_then_one_request_per_refill_interval_and_says_when_to_retry()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 15, 0, 0, TimeSpan.Zero));
        using var buckets = new CallerBuckets<string>(clock);

        Assert.Equal([null, null, null], Enumerable.Range(0, 3).Select(_ => buckets.TryTake("alice", ThreeThenOneEveryTwoSeconds, 1)));
        // Empty: the next token is one interval (2 s) away, then half of it after 1 s.
        Assert.Equal(TimeSpan.FromSeconds(2), buckets.TryTake("alice", ThreeThenOneEveryTwoSeconds, 1));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(1), buckets.TryTake("alice", ThreeThenOneEveryTwoSeconds, 1));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(buckets.TryTake("alice", ThreeThenOneEveryTwoSeconds, 1));
        Assert.Equal(TimeSpan.FromSeconds(2), buckets.TryTake("alice", ThreeThenOneEveryTwoSeconds, 1));
        // Another caller has its own full bucket; 6 s refill alice's 3 tokens, and no more than 3.
        Assert.Null(buckets.TryTake("bob", ThreeThenOneEveryTwoSeconds, 1));
        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal([null, null, null], Enumerable.Range(0, 3).Select(_ => buckets.TryTake("alice", ThreeThenOneEveryTwoSeconds, 1)));
        Assert.Equal(TimeSpan.FromSeconds(2), buckets.TryTake("alice", ThreeThenOneEveryTwoSeconds, 1));
    }

    [Fact]
    public void Concurrent_takes_admit_exactly_the_burst_when_no_time_passes()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 15, 0, 0, TimeSpan.Zero));
        using var buckets = new CallerBuckets<string>(clock);
        var thousand = new TokenBucket { TokenLimit = 1000, TokensPerPeriod = 1, PeriodSeconds = 3600 };
        var admitted = 0;

        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            for (var i = 0; i < 1000; i++)
                if (buckets.TryTake("alice", thousand, 1) is null) Interlocked.Increment(ref admitted);
        });

        Assert.Equal(1000, admitted);
    }

    [Fact]
    public void Buckets_back_to_full_are_swept_and_ones_still_refilling_are_kept()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 15, 0, 0, TimeSpan.Zero));
        using var buckets = new CallerBuckets<string>(clock);
        var slow = new TokenBucket { TokenLimit = 1, TokensPerPeriod = 1, PeriodSeconds = 3600 };
        buckets.TryTake("alice", ThreeThenOneEveryTwoSeconds, 1); // full again 2 s later
        buckets.TryTake("bob", slow, 1);                           // full again an hour later

        clock.Advance(CallerBuckets<string>.SweepPeriod);

        Assert.Equal(1, buckets.Count);
        Assert.Equal(TimeSpan.FromSeconds(3600) - CallerBuckets<string>.SweepPeriod, buckets.TryTake("bob", slow, 1));
    }
}
