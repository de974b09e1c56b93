using System.Threading.RateLimiting;

namespace Portfolio.Pricing;

/// <summary>
/// At most <c>permitLimit</c> acquisitions in any rolling window of <c>window</c> (exact, unlike fixed or segmented windows, which
/// can let up to twice the limit through across a boundary). Waiters are served in arrival order. Used inside the Polly pipeline so
/// that every attempt, retries included, is counted.
/// </summary>
public sealed class RollingWindowRateLimiter : RateLimiter
{
    private readonly int _limit;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly Queue<long> _stamps = new();
    private readonly SemaphoreSlim _waiters = new(1, 1);
    private readonly Lock _gate = new();
    private long _acquired;

    public RollingWindowRateLimiter(int permitLimit, TimeSpan window, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permitLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        _limit = permitLimit;
        _window = window;
        _time = time ?? TimeProvider.System;
    }

    public long TotalAcquired => Interlocked.Read(ref _acquired);

    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            Prune(_time.GetTimestamp());
            return new RateLimiterStatistics { CurrentAvailablePermits = _limit - _stamps.Count, TotalSuccessfulLeases = TotalAcquired };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        Check(permitCount);
        lock (_gate) return TryTake(permitCount, out _) ? Lease.Acquired : Lease.Rejected;
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Check(permitCount);
        await _waiters.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                TimeSpan wait;
                lock (_gate)
                    if (TryTake(permitCount, out wait)) return Lease.Acquired;
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _waiters.Release();
        }
    }

    private void Check(int permitCount)
    {
        if (permitCount > _limit) throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, "more permits than the limit");
    }

    private bool TryTake(int permits, out TimeSpan wait)
    {
        var now = _time.GetTimestamp();
        Prune(now);
        if (_stamps.Count + permits <= _limit)
        {
            for (var i = 0; i < permits; i++) _stamps.Enqueue(now);
            Interlocked.Add(ref _acquired, permits);
            wait = TimeSpan.Zero;
            return true;
        }
        var oldest = _stamps.Peek();
        wait = _window - _time.GetElapsedTime(oldest, now);
        if (wait < TimeSpan.FromMilliseconds(1)) wait = TimeSpan.FromMilliseconds(1);
        return false;
    }

    private void Prune(long now)
    {
        while (_stamps.Count > 0 && _time.GetElapsedTime(_stamps.Peek(), now) >= _window) _stamps.Dequeue();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _waiters.Dispose();
        base.Dispose(disposing);
    }

    private sealed class Lease(bool acquired) : RateLimitLease
    {
        public static readonly Lease Acquired = new(true);
        public static readonly Lease Rejected = new(false);
        public override bool IsAcquired => acquired;
        public override IEnumerable<string> MetadataNames => [];
        public override bool TryGetMetadata(string metadataName, out object? metadata) { metadata = null; return false; }
    }
}
