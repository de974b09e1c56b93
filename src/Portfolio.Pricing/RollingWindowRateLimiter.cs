using System.Threading.RateLimiting;

namespace Portfolio.Pricing;

/// <summary>
/// At most <c>permitLimit</c> requests in any rolling window of <c>window</c>, as the <em>server</em> counts them.
/// A permit occupies its slot while the request is in flight and for one window after the lease is released (the response came
/// back). Because a request reaches the server before its response reaches us, the next request that reuses the slot arrives
/// at the server at least one window after the previous one did, whatever the network latency or cold-start delay — unlike
/// fixed, segmented or send-time windows, which can let a burst over the limit across a boundary.
/// Waiters are served in arrival order. Used inside the Polly pipeline, so retries are counted too.
/// </summary>
public sealed class RollingWindowRateLimiter : RateLimiter
{
    private readonly int _limit;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly Queue<long> _released = new(); // release timestamps, oldest first
    private readonly SemaphoreSlim _waiters = new(1, 1);
    private readonly Lock _gate = new();
    private int _inFlight;
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
            return new RateLimiterStatistics { CurrentAvailablePermits = _limit - _inFlight - _released.Count, TotalSuccessfulLeases = TotalAcquired };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        Check(permitCount);
        lock (_gate) return TryTake(permitCount, out _) ? new Lease(this, permitCount) : Lease.Rejected;
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
                    if (TryTake(permitCount, out wait)) return new Lease(this, permitCount);
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
        if (_inFlight + _released.Count + permits <= _limit)
        {
            _inFlight += permits;
            Interlocked.Add(ref _acquired, permits);
            wait = TimeSpan.Zero;
            return true;
        }
        // the earliest a slot can free up: the oldest release leaving the window; if all are in flight, not before one window from now
        wait = _released.Count > 0 ? _window - _time.GetElapsedTime(_released.Peek(), now) : _window;
        if (wait < TimeSpan.FromMilliseconds(1)) wait = TimeSpan.FromMilliseconds(1);
        return false;
    }

    private void Release(int permits)
    {
        lock (_gate)
        {
            _inFlight -= permits;
            var now = _time.GetTimestamp();
            for (var i = 0; i < permits; i++) _released.Enqueue(now);
        }
    }

    private void Prune(long now)
    {
        while (_released.Count > 0 && _time.GetElapsedTime(_released.Peek(), now) >= _window) _released.Dequeue();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _waiters.Dispose();
        base.Dispose(disposing);
    }

    private sealed class Lease(RollingWindowRateLimiter? owner, int permits) : RateLimitLease
    {
        public static readonly Lease Rejected = new(null, 0);
        private int _disposed;
        public override bool IsAcquired => owner is not null;
        public override IEnumerable<string> MetadataNames => [];
        public override bool TryGetMetadata(string metadataName, out object? metadata) { metadata = null; return false; }

        protected override void Dispose(bool disposing)
        {
            if (owner is not null && Interlocked.Exchange(ref _disposed, 1) == 0) owner.Release(permits);
            base.Dispose(disposing);
        }
    }
}
