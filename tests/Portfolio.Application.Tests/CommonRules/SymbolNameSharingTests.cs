using System.Reflection;
using System.Text;
using Portfolio.Application.Common;

namespace Portfolio.Application.Tests.CommonRules;

/// <summary>
/// SymbolNames shares one string per symbol of up to 32 UTF-8 bytes, counts each symbol it stores once, and stores no new
/// symbol once it holds its capacity (100,000).
/// </summary>
public class SymbolNameSharingTests
{
    private static readonly FieldInfo Count = typeof(SymbolNames).GetField("count", BindingFlags.NonPublic | BindingFlags.Static)!;

    private static string Unique(int length) => ("S" + Guid.NewGuid().ToString("N")).PadRight(length, 'x')[..length];

    [Fact]
    public void A_symbol_of_exactly_32_bytes_is_shared()
    {
        var name = Unique(32);
        Assert.True(SymbolNames.TryGet(Encoding.UTF8.GetBytes(name), out var first));
        Assert.True(SymbolNames.TryGet(Encoding.UTF8.GetBytes(name), out var second));
        Assert.Equal(name, first);
        Assert.Same(first, second);
    }

    [Fact]
    public void A_symbol_of_33_bytes_or_invalid_utf8_is_not_shared()
    {
        Assert.False(SymbolNames.TryGet(Encoding.UTF8.GetBytes(Unique(33)), out var tooLong));
        Assert.Null(tooLong);
        Assert.False(SymbolNames.TryGet([(byte)'A', 0xFF], out var invalid));
        Assert.Null(invalid);
    }

    [Fact]
    public void A_new_symbol_is_counted_when_it_is_stored()
    {
        var name = Unique(20);
        var before = (int)Count.GetValue(null)!;
        Assert.True(SymbolNames.TryGet(Encoding.UTF8.GetBytes(name), out _));
        var after = (int)Count.GetValue(null)!;
        Assert.True(after >= before + 1, $"count {before} -> {after}");
    }

    [Fact]
    public void At_capacity_a_new_symbol_is_not_stored_but_a_stored_one_is_still_shared()
    {
        var stored = Unique(10);
        Assert.True(SymbolNames.TryGet(Encoding.UTF8.GetBytes(stored), out var shared));
        var saved = (int)Count.GetValue(null)!;
        try
        {
            Count.SetValue(null, 100_000);
            Assert.False(SymbolNames.TryGet(Encoding.UTF8.GetBytes(Unique(10)), out var refused));
            Assert.Null(refused);
            Assert.True(SymbolNames.TryGet(Encoding.UTF8.GetBytes(stored), out var again));
            Assert.Same(shared, again);
            Count.SetValue(null, 99_999);
            Assert.True(SymbolNames.TryGet(Encoding.UTF8.GetBytes(Unique(10)), out var last));
            Assert.NotNull(last);
        }
        finally
        {
            Count.SetValue(null, saved);
        }
    }
}
