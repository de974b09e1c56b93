namespace Portfolio.Drivers;
public static class ConcurrentWriters
{
    public static Task<int> RunAsync(Options options) => Task.FromResult(2);
}
