using Xunit.Abstractions;
using Xunit.Sdk;

namespace Portfolio.Server.Tests.Support;

/// <summary>
/// Figures a test prints in the run's own output (xUnit diagnostic messages, on in xunit.runner.json), where
/// <c>ITestOutputHelper</c> text shows only for a failing test.
/// </summary>
public sealed class TestReport(IMessageSink sink)
{
    public void Print(string line) => sink.OnMessage(new DiagnosticMessage(line));
}
