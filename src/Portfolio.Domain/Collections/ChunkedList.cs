using System.Collections;

namespace Portfolio.Domain.Collections;

/// <summary>
/// A list whose copies share storage: items live in chunks of 256, a copy costs one reference per chunk, and a write
/// clones only the chunk it touches. The first chunk starts at 16 items and doubles up to 256, so the many short lists
/// (an account of ten transactions) do not each hold 256 slots. Append-mostly history (realized pieces, income, log entries) can then be handed to
/// a new version of a ledger without copying it. The list a copy was taken from must not be written again; the types
/// that use it (a frozen <see cref="Ledger.AccountLedger"/>, an immutable ledger state) guarantee that.
/// </summary>
public sealed class ChunkedList<T> : IReadOnlyList<T>
{
    private const int Shift = 8;
    private const int ChunkSize = 1 << Shift;
    private const int Mask = ChunkSize - 1;
    private const int FirstChunkSize = 16;

    private T[][] chunks;
    // Chunks this instance may write in place; a shared chunk is cloned on its first write.
    private bool[] owned;
    private int chunkCount;

    public ChunkedList()
    {
        chunks = [];
        owned = [];
    }

    private ChunkedList(ChunkedList<T> source)
    {
        chunkCount = source.chunkCount;
        chunks = new T[Math.Max(chunkCount, 4)][];
        Array.Copy(source.chunks, chunks, chunkCount);
        owned = new bool[chunks.Length];
        Count = source.Count;
    }

    public int Count { get; private set; }

    public T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
            return chunks[index >> Shift][index & Mask];
        }
    }

    /// <summary>A copy sharing every chunk with this list: O(Count / 256).</summary>
    public ChunkedList<T> Copy() => new(this);

    public void Add(T item)
    {
        var chunk = Count >> Shift;
        if (chunk == chunkCount) AddChunk();
        var slot = Count & Mask;
        (slot < chunks[chunk].Length ? Writable(chunk) : GrowFirst())[slot] = item;
        Count++;
    }

    public void Set(int index, T item)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
        Writable(index >> Shift)[index & Mask] = item;
    }

    /// <summary>The items from <paramref name="start"/> on, as a new list.</summary>
    public List<T> From(int start)
    {
        var result = new List<T>(Math.Max(Count - start, 0));
        for (var i = start; i < Count; i++) result.Add(chunks[i >> Shift][i & Mask]);
        return result;
    }

    private T[] Writable(int chunk)
    {
        if (owned[chunk]) return chunks[chunk];
        var clone = (T[])chunks[chunk].Clone();
        chunks[chunk] = clone;
        owned[chunk] = true;
        return clone;
    }

    /// <summary>The first chunk, the only one that can be short, twice as long (a shared one is copied, not cloned first).</summary>
    private T[] GrowFirst()
    {
        var grown = new T[Math.Min(chunks[0].Length * 2, ChunkSize)];
        Array.Copy(chunks[0], grown, chunks[0].Length);
        chunks[0] = grown;
        owned[0] = true;
        return grown;
    }

    private void AddChunk()
    {
        if (chunkCount == chunks.Length)
        {
            var size = Math.Max(4, chunks.Length * 2);
            Array.Resize(ref chunks, size);
            Array.Resize(ref owned, size);
        }
        chunks[chunkCount] = new T[chunkCount == 0 ? FirstChunkSize : ChunkSize];
        owned[chunkCount] = true;
        chunkCount++;
    }

    public Enumerator GetEnumerator() => new(this);
    IEnumerator<T> IEnumerable<T>.GetEnumerator() => GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public struct Enumerator(ChunkedList<T> list) : IEnumerator<T>
    {
        private int index = -1;
        public readonly T Current => list.chunks[index >> Shift][index & Mask];
        readonly object? IEnumerator.Current => Current;
        public bool MoveNext() => ++index < list.Count;
        public void Reset() => index = -1;
        public readonly void Dispose() { }
    }
}
