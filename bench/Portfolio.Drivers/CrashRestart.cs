namespace Portfolio.Drivers;
public static class CrashRestart
{
    public static Task<int> RunAsync(Options options) => Task.FromResult(2);
}
