using Portfolio.Application.Imports;

namespace Portfolio.Application.Tests.ImportRules;

/// <summary>
/// The RFC 4180 reader every CSV format shares (Csv.Read) and the writer's quoting (Csv.Escape): records with the line
/// each starts on, a byte-order mark dropped, doubled quotes inside quotes, line breaks inside quotes counted, a last
/// record without a line break kept, and no record for an empty file or after the last line break.
/// </summary>
public class CsvReadingRules
{
    private static (int Line, string[] Fields)[] Read(string text) => Csv.Read(text).Select(r => (r.Line, r.Fields.ToArray())).ToArray();

    [Fact]
    public void An_empty_file_has_no_record()
    {
        Assert.Empty(Read(""));
    }

    [Fact]
    public void A_byte_order_mark_is_dropped_from_the_first_field()
    {
        Assert.Equal([(1, new[] { "date", "type" })], Read("\uFEFFdate,type"));
    }

    [Fact]
    public void A_file_ending_in_a_line_break_has_no_empty_record_after_it()
    {
        Assert.Equal([(1, new[] { "a", "b" }), (2, new[] { "c" })], Read("a,b\nc\n"));
        Assert.Equal([(1, new[] { "a" })], Read("a\r\n"));
    }

    [Fact]
    public void A_last_record_without_a_line_break_is_kept_even_when_it_is_one_quoted_empty_field()
    {
        Assert.Equal([(1, new[] { "a" }), (2, new[] { "b", "c" })], Read("a\nb,c"));
        Assert.Equal([(1, new[] { "a" }), (2, new[] { "" })], Read("a\n\"\""));
    }

    [Fact]
    public void A_carriage_return_ends_a_record_even_as_the_files_last_character()
    {
        Assert.Equal([(1, new[] { "a" })], Read("a\r"));
        Assert.Equal([(1, new[] { "a" }), (2, new[] { "b" })], Read("a\rb"));
    }

    [Fact]
    public void A_doubled_quote_inside_quotes_is_one_quote_and_a_closing_quote_may_end_the_file()
    {
        Assert.Equal([(1, new[] { "a\"b" })], Read("\"a\"\"b\""));
        Assert.Equal([(1, new[] { "a\"", "x" })], Read("\"a\"\"\",x"));
        Assert.Equal([(1, new[] { "a", "b" })], Read("a,\"b\""));
    }

    [Fact]
    public void A_line_break_inside_quotes_is_kept_and_the_next_record_starts_on_the_line_after_it()
    {
        Assert.Equal([(1, new[] { "a" }), (2, new[] { "b\nc", "d" }), (4, new[] { "e" })], Read("a\n\"b\nc\",d\ne\n"));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData(",a", "\",a\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("cr\r", "\"cr\r\"")]
    public void A_field_is_quoted_when_it_holds_a_comma_a_quote_or_a_line_break_with_its_quotes_doubled(string value, string written)
    {
        Assert.Equal(written, Csv.Escape(value));
        Assert.Equal([value], Csv.Read(written).Single().Fields);
    }
}
