using System.Drawing;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Portfolio.Dashboard.Tests.Support;

/// <summary>
/// Debian's chromium, headless, driven through Debian's chromium-driver (both installed by scripts/test.sh). English
/// (United States) so the formatted numbers are known. Screenshots go to artifacts/screenshots.
/// </summary>
public sealed class Browser : IDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string DriverPath = "/usr/bin/chromedriver";
    /// <summary>How long a wait lasts before it fails: generous, for a loaded machine; a wait ends as soon as its condition holds.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private Browser(ChromeDriver driver, string downloads)
    {
        Driver = driver;
        Downloads = downloads;
    }

    public ChromeDriver Driver { get; }
    /// <summary>Where this browser saves downloads.</summary>
    public string Downloads { get; }

    /// <summary>Why the browser tests cannot run here, or null. In CI (CI set) they never skip: a missing browser fails them.</summary>
    public static string? Missing =>
        Environment.GetEnvironmentVariable("CI") is { Length: > 0 } || (File.Exists(ChromiumPath) && File.Exists(DriverPath))
            ? null
            : $"{ChromiumPath} or {DriverPath} is missing: run scripts/test.sh (it installs Debian's chromium and chromium-driver)";

    public static Browser Start(int width = 1280, int height = 900)
    {
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=en-US",
            "--no-first-run", "--disable-extensions", $"--window-size={width},{height}");
        options.AddUserProfilePreference("intl.accept_languages", "en-US");
        var downloads = Directory.CreateTempSubdirectory("portfolio-downloads-").FullName;
        options.AddUserProfilePreference("download.default_directory", downloads);
        options.AddUserProfilePreference("download.prompt_for_download", false);
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        driver.Manage().Window.Size = new Size(width, height);
        return new Browser(driver, downloads);
    }

    public void Open(Uri url) => Driver.Navigate().GoToUrl(url);

    public IWebElement Find(string css) => Until(() => Driver.FindElements(By.CssSelector(css)).FirstOrDefault(e => e.Displayed), $"an element {css}");

    /// <summary>Waits until the element shows exactly this text.</summary>
    public IWebElement Shows(string css, string text) =>
        Until(() => Driver.FindElements(By.CssSelector(css)).FirstOrDefault(e => e.Text == text), $"{css} showing '{text}'",
            () => string.Join(" | ", Driver.FindElements(By.CssSelector(css)).Select(e => e.Text)));

    public T Until<T>(Func<T?> probe, string what, Func<string>? seen = null, TimeSpan? patience = null) where T : class
    {
        var deadline = DateTime.UtcNow + (patience ?? Patience);
        while (true)
        {
            try
            {
                if (probe() is { } found) return found;
            }
            catch (StaleElementReferenceException) { } // the view re-rendered: look again
            if (DateTime.UtcNow > deadline)
            {
                Screenshot("failed-" + new string(what.Where(char.IsLetterOrDigit).Take(40).ToArray()));
                throw new TimeoutException($"waited {(patience ?? Patience).TotalSeconds} s for {what}; saw: {seen?.Invoke() ?? "nothing"}; page: {Driver.FindElement(By.TagName("body")).Text}");
            }
            Thread.Sleep(50);
        }
    }

    /// <summary>Saves a screenshot under artifacts/screenshots and answers its path.</summary>
    public string Screenshot(string name)
    {
        var directory = Path.Combine(Repository.Root, "artifacts", "screenshots");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name + ".png");
        // The whole page, not just the window: grow the window to the page's height for the picture.
        var size = Driver.Manage().Window.Size;
        var height = Convert.ToInt32(Driver.ExecuteScript("return document.documentElement.scrollHeight"), System.Globalization.CultureInfo.InvariantCulture);
        Driver.Manage().Window.Size = new Size(size.Width, Math.Max(size.Height, Math.Min(height + 140, 6000)));
        Driver.GetScreenshot().SaveAsFile(path);
        Driver.Manage().Window.Size = size;
        return path;
    }

    /// <summary>The cells of the row of a table whose first cell is <paramref name="first"/>, leaving out column <paramref name="skip"/> (a time shown in the reader's zone).</summary>
    public string[] Row(string table, string first, int? skip = null) =>
        Until(() => Driver.FindElements(By.CssSelector($"{table} tbody tr"))
                .Select(row => row.FindElements(By.TagName("td")).Select(cell => cell.Text).ToArray())
                .FirstOrDefault(cells => cells.Length > 0 && cells[0] == first)
                ?.Where((_, i) => i != skip).ToArray(),
            $"a row {first} in {table}");

    public void Resize(int width, int height) => Driver.Manage().Window.Size = new Size(width, height);

    /// <summary>Waits for a download to finish and answers its text.</summary>
    public string Downloaded(string fileName) => Until(() =>
    {
        var path = Path.Combine(Downloads, fileName);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }, $"the download {fileName}", () => string.Join(", ", Directory.GetFiles(Downloads).Select(Path.GetFileName)));

    public void Dispose()
    {
        Driver.Quit();
        try { Directory.Delete(Downloads, recursive: true); } catch (IOException) { }
    }
}

/// <summary>A browser test: skipped only outside CI when the browser is not installed.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute() => Skip = Browser.Missing;
}

internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PortfolioFunctions.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
