using System.Text.Json;
using Portfolio.Application.Common;
using Portfolio.Application.Snapshots;

namespace Portfolio.Storage.Sqlite.Tests;

/// <summary>The snapshot store's hand-written JSON is byte for byte what the serializer writes (and what older rows hold).</summary>
public sealed class SqliteSnapshotJsonTests
{
    public static TheoryData<DailySnapshot> Snapshots() =>
    [
        new("acc_fanout_0000042", new DateOnly(2024, 2, 28), 1000m, 900.5m, 12.25m, new DateTimeOffset(2024, 2, 28, 21, 30, 0, TimeSpan.Zero)),
        // Trailing zeros and a negative, a 29-digit quotient, an instant with ticks and an offset, characters the encoder escapes.
        new("acc_<é>&\"x'+", new DateOnly(1, 1, 1), 1.50m, -0.000001m, 10.526315789473684210526315789m, new DateTimeOffset(2026, 12, 2, 9, 5, 7, 123, TimeSpan.FromHours(-5)).AddTicks(4567)),
        new("a", new DateOnly(9999, 12, 31), decimal.MaxValue, decimal.MinValue, 0m, DateTimeOffset.UnixEpoch),
    ];

    [Theory]
    [MemberData(nameof(Snapshots))]
    public void Writes_the_bytes_the_serializer_writes(DailySnapshot snapshot)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) SqliteSnapshotStore.WriteJson(writer, snapshot);

        Assert.Equal(JsonSerializer.Serialize(snapshot, StorageJson.Options), System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
        Assert.Equal(snapshot, StorageJson.Deserialize<DailySnapshot>(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan)));
    }
}
