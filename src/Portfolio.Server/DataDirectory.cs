namespace Portfolio.Server;

internal static class DataDirectory
{
    /// <summary>Storage:DataDirectory (default ./data), created on first start.</summary>
    public static string Resolve(IConfiguration config)
    {
        var path = Path.GetFullPath(config["Storage:DataDirectory"] ?? "data");
        Directory.CreateDirectory(path);
        return path;
    }
}
