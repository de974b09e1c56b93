namespace Portfolio.Drivers;
public static class Fanout
{
    public static Task<int> RunAsync(Options options) => Task.FromResult(2);
}
