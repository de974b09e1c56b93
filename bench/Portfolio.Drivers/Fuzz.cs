namespace Portfolio.Drivers;
public static class Fuzz
{
    public static Task<int> RunAsync(Options options) => Task.FromResult(2);
}
