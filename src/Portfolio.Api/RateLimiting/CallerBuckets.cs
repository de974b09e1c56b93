using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace Portfolio.Api.RateLimiting;

/// <summary>
/// One token bucket per partition key without a lock: each bucket is a single "theoretical arrival time" updated by
/// compare-and-swap (the generic cell rate algorithm, which admits exactly what a bucket of <see cref="TokenBucket.TokenLimit"/>
/// tokens refilled continuously at <see cref="TokenBucket.TokensPerPeriod"/> per <see cref="TokenBucket.PeriodSeconds"/>
/// admits). ASP.NET Core's partitioned limiter takes a process-wide lock and then the bucket's lock on every request: at
/// 50 concurrent clients of one caller those locks were where request threads queued.
/// </summary>
/// <remarks>
/// A bucket back to full is indistinguishable from a new one, so a sweep every <see cref="SweepPeriod"/> drops those:
/// the keys are callers (anonymous ones by address) and must not grow without bound. A request racing the sweep may
/// spend its token in the dropped bucket, i.e. get one request more than its limit, once.
/// </remarks>
public sealed class CallerBuckets<TKey> : IDisposable where TKey : notnull
{
    public static readonly TimeSpan SweepPeriod = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<TKey, Bucket> buckets = new();
    private readonly TimeProvider time;
    private readonly ITimer sweep;

    public CallerBuckets(TimeProvider time)
    {
        this.time = time;
        sweep = time.CreateTimer(_ => Sweep(), null, SweepPeriod, SweepPeriod);
    }

    /// <summary>Takes <paramref name="permits"/> tokens from the key's bucket: null when taken, else how long until they would be there.</summary>
    public TimeSpan? TryTake(TKey key, TokenBucket settings, int permits)
    {
        var bucket = buckets.GetOrAdd(key, static (_, s) => new Bucket(s), settings);
        return bucket.TryTake(permits, time.GetTimestamp(), time.TimestampFrequency);
    }

    /// <summary>How many keys have a bucket that is not full (tests, diagnostics).</summary>
    public int Count => buckets.Count;

    private void Sweep()
    {
        var now = time.GetTimestamp();
        foreach (var (key, bucket) in buckets)
            if (bucket.IsFull(now)) buckets.TryRemove(new KeyValuePair<TKey, Bucket>(key, bucket));
    }

    public void Dispose() => sweep.Dispose();

    private sealed class Bucket(TokenBucket settings)
    {
        private const long Far = long.MaxValue / 4; // saturates products of extreme settings; still centuries away
        private readonly int limit = settings.TokenLimit;
        private readonly double secondsPerToken = settings.PeriodSeconds / settings.TokensPerPeriod;
        private long theoreticalArrival = long.MinValue / 2; // the timestamp at which the bucket is full again

        public bool IsFull(long now) => Volatile.Read(ref theoreticalArrival) <= now;

        public TimeSpan? TryTake(int permits, long now, long frequency)
        {
            // One token's worth of time in timestamp units, rounded once so that a whole burst fits the capacity exactly.
            var tokenTicks = (long)Math.Min(Far, Math.Max(1, Math.Ceiling(secondsPerToken * frequency)));
            if (permits > limit) return TimeSpan.FromSeconds(secondsPerToken * permits); // never fits at once
            var capacity = Times(limit, tokenTicks);
            var cost = Times(permits, tokenTicks);
            while (true)
            {
                var arrival = Volatile.Read(ref theoreticalArrival);
                var next = Math.Max(arrival, now) + cost;
                // Admitted while the time owed to the bucket after this take fits in a full bucket's worth.
                var excess = next - now - capacity;
                if (excess > 0) return TimeSpan.FromSeconds((double)excess / frequency);
                if (permits == 0 || Interlocked.CompareExchange(ref theoreticalArrival, next, arrival) == arrival) return null;
            }
        }

        private static long Times(long count, long ticks) => count == 0 ? 0 : ticks > Far / count ? Far : count * ticks;
    }
}

/// <summary>Leases without state: granted (nothing to give back), or refused with when to retry.</summary>
internal sealed class BucketLease : RateLimitLease
{
    public static readonly BucketLease Granted = new(null);

    private readonly TimeSpan? retryAfter;

    private BucketLease(TimeSpan? retryAfter) => this.retryAfter = retryAfter;

    public static BucketLease Refused(TimeSpan retryAfter) => new(retryAfter);

    public override bool IsAcquired => retryAfter is null;

    public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = retryAfter is { } after && metadataName == MetadataName.RetryAfter.Name ? after : null;
        return metadata is not null;
    }
}
