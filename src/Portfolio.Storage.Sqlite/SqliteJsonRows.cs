using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Portfolio.Storage.Sqlite;

/// <summary>
/// A page of rows as one JSON array of arrays, bound as a single parameter and unpacked by <c>json_each($rows)</c>:
/// binding a page row by row costs more than storing it.
/// </summary>
internal static class SqliteJsonRows
{
    /// <summary><c>[[…], …]</c>: one inner array per item, its values written by <paramref name="writeRow"/> in column order.</summary>
    public static string Of<T>(IReadOnlyList<T> items, int bytesPerRow, Action<Utf8JsonWriter, T> writeRow)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Max(items.Count * bytesPerRow, 2));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var item in items)
            {
                json.WriteStartArray();
                writeRow(json, item);
                json.WriteEndArray();
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
