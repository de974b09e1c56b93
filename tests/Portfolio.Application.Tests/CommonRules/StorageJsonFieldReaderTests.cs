using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Portfolio.Application.Common;

namespace Portfolio.Application.Tests.CommonRules;

/// <summary>
/// The hand readers of storage JSON fields (StorageJsonFields) answer exactly what the serializer would read, and false or
/// null for anything else, so that the caller leaves the document to the serializer.
/// </summary>
public class StorageJsonFieldReaderTests
{
    private static Utf8JsonReader On(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        Assert.True(reader.Read());
        return reader;
    }

    private static readonly byte[][] Names = [StorageJsonFields.Utf8("a"), StorageJsonFields.Utf8("b")];

    private static int FieldOf(string name, int seen)
    {
        var reader = On("{\"" + name + "\":1}");
        reader.Read();
        return StorageJsonFields.Field(ref reader, Names, seen);
    }

    private static bool CountObject(ref Utf8JsonReader reader, out int element)
    {
        reader.Skip();
        element = 1;
        return true;
    }

    private static int[]? Objects(string json)
    {
        var reader = On(json);
        return StorageJsonFields.List<int>(ref reader, CountObject);
    }

    [Fact]
    public void A_list_of_objects_reads_as_exactly_their_number_and_a_non_object_element_makes_it_null()
    {
        Assert.Equal(new[] { 1, 1, 1 }, Objects("[{},{\"x\":2},{}]"));
        Assert.Null(Objects("[{},5]"));
        Assert.Null(Objects("[{},\"s\"]"));
    }

    [Fact]
    public void A_list_read_after_one_that_threw_holds_only_its_own_elements()
    {
        var calls = 0;
        StorageJsonFields.ElementReader<string> throwsOnSecond = (ref Utf8JsonReader r, out string e) =>
        {
            if (++calls == 2) throw new InvalidOperationException("second");
            r.Skip();
            e = "first";
            return true;
        };
        Assert.Throws<InvalidOperationException>(() => { var r = On("[{},{}]"); StorageJsonFields.List(ref r, throwsOnSecond); });

        var next = On("[{}]");
        StorageJsonFields.ElementReader<string> plain = (ref Utf8JsonReader r, out string e) => { r.Skip(); e = "only"; return true; };
        Assert.Equal(new[] { "only" }, StorageJsonFields.List(ref next, plain));
    }

    [Fact]
    public void Symbols_read_after_a_symbol_list_that_threw_hold_only_their_own_symbols()
    {
        // Invalid UTF-8 in a string: not a shared symbol, and the serializer's own GetString refuses it.
        var bytes = new byte[] { (byte)'[', (byte)'"', (byte)'A', (byte)'"', (byte)',', (byte)'"', 0xFF, (byte)'"', (byte)']' };
        Assert.ThrowsAny<InvalidOperationException>(() =>
        {
            var r = new Utf8JsonReader(bytes);
            r.Read();
            StorageJsonFields.Symbols(ref r);
        });

        var next = On("[\"B\"]");
        Assert.Equal(new[] { "B" }, StorageJsonFields.Symbols(ref next));
    }

    [Fact]
    public void A_symbol_list_with_a_non_string_element_is_null()
    {
        var reader = On("[\"A\",5]");
        Assert.Null(StorageJsonFields.Symbols(ref reader));
        var good = On("[\"A\",\"B\"]");
        Assert.Equal(new[] { "A", "B" }, StorageJsonFields.Symbols(ref good));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference ReadOneObjectList()
    {
        WeakReference? weak = null;
        StorageJsonFields.ElementReader<object> element = (ref Utf8JsonReader r, out object e) =>
        {
            r.Skip();
            e = new object();
            weak = new WeakReference(e);
            return true;
        };
        var reader = On("[{}]");
        Assert.Single(StorageJsonFields.List(ref reader, element)!);
        return weak!;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference ReadOneLongSymbol()
    {
        var reader = On("[\"" + new string('L', 40) + "\"]");
        var symbols = StorageJsonFields.Symbols(ref reader)!;
        Assert.Equal(new string('L', 40), Assert.Single(symbols));
        return new WeakReference(symbols[0]);
    }

    [Fact]
    public void A_read_list_does_not_keep_its_elements_alive_after_it_is_returned()
    {
        var weak = ReadOneObjectList();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(weak.IsAlive);
    }

    [Fact]
    public void A_read_symbol_list_does_not_keep_unshared_symbols_alive_after_it_is_returned()
    {
        var weak = ReadOneLongSymbol();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(weak.IsAlive);
    }

    [Fact]
    public void A_field_already_seen_is_minus_one_even_when_it_is_the_lowest_seen()
    {
        Assert.Equal(0, FieldOf("a", 0));
        Assert.Equal(1, FieldOf("b", 1));
        Assert.Equal(-1, FieldOf("a", 1));
        Assert.Equal(-1, FieldOf("b", 2));
        Assert.Equal(0, FieldOf("a", 2));
    }

    [Fact]
    public void Once_every_field_is_seen_any_name_is_minus_one()
    {
        Assert.Equal(-1, FieldOf("a", StorageJsonFields.All(Names)));
        Assert.Equal(-1, FieldOf("b", StorageJsonFields.All(Names)));
        Assert.Equal(-1, FieldOf("a", 0b111));
    }

    [Fact]
    public void Text_is_false_for_a_number_and_reads_strings_and_null()
    {
        var number = On("5");
        Assert.False(StorageJsonFields.Text(ref number, out var none));
        Assert.Null(none);
        var text = On("\"x\"");
        Assert.True(StorageJsonFields.Text(ref text, out var x));
        Assert.Equal("x", x);
        var nul = On("null");
        Assert.True(StorageJsonFields.Text(ref nul, out var n));
        Assert.Null(n);
    }

    [Fact]
    public void Only_an_unescaped_string_is_unescaped_text()
    {
        var number = On("5");
        Assert.False(StorageJsonFields.Unescaped(ref number, out _));
        var escaped = On("\"\\u0031\"");
        Assert.False(StorageJsonFields.Unescaped(ref escaped, out _));
        var plain = On("\"12\"");
        Assert.True(StorageJsonFields.Unescaped(ref plain, out var text));
        Assert.Equal("12", Encoding.UTF8.GetString(text));
    }

    [Fact]
    public void A_null_date_reads_as_no_date()
    {
        var reader = On("null");
        Assert.True(StorageJsonFields.NullableDate(ref reader, out var date));
        Assert.Null(date);
        var some = On("\"2024-02-29\"");
        Assert.True(StorageJsonFields.NullableDate(ref some, out var leap));
        Assert.Equal(new DateOnly(2024, 2, 29), leap);
    }

    private static DateOnly? DateOf(string json)
    {
        var reader = On(json);
        return StorageJsonFields.Date(ref reader, out var date) ? date : null;
    }

    [Fact]
    public void A_date_is_yyyy_MM_dd_exactly_from_year_one()
    {
        Assert.Equal(new DateOnly(2024, 2, 29), DateOf("\"2024-02-29\""));
        Assert.Equal(new DateOnly(1, 1, 1), DateOf("\"0001-01-01\""));
        Assert.Equal(new DateOnly(9999, 12, 31), DateOf("\"9999-12-31\""));
    }

    [Theory]
    [InlineData("\"2024-01x15\"")]
    [InlineData("\"2024x01-15\"")]
    [InlineData("\"2024-01-015\"")]
    [InlineData("\"2024-1-1\"")]
    [InlineData("\"2024-13-15\"")]
    [InlineData("\"2024-00-15\"")]
    [InlineData("\"0000-01-01\"")]
    [InlineData("\"2023-02-29\"")]
    [InlineData("\"2024-01-00\"")]
    [InlineData("\"2024-0a-15\"")]
    [InlineData("\"2024-01-1/\"")]
    [InlineData("20240115")]
    public void Anything_but_a_real_yyyy_MM_dd_date_is_not_a_date(string json) => Assert.Null(DateOf(json));

    [Fact]
    public void A_property_name_shaped_like_a_date_is_not_a_date_value()
    {
        var reader = On("{\"2024-01-15\":1}");
        reader.Read();
        Assert.False(StorageJsonFields.Date(ref reader, out _));
    }
}
