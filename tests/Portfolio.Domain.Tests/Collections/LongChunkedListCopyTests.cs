using Portfolio.Domain.Collections;

namespace Portfolio.Domain.Tests.Collections;

/// <summary>Copies of long histories: more chunks (of 256 items) than a new list starts with room for (4).</summary>
public class LongChunkedListCopyTests
{
    [Fact]
    public void A_copy_of_a_list_of_six_chunks_reads_every_item_and_grows_on_its_own()
    {
        var list = new ChunkedList<int>();
        for (var i = 0; i < 1_500; i++) list.Add(i);

        var copy = list.Copy();
        copy.Add(1_500);
        copy.Set(1_499, -1);

        Assert.Equal(1_501, copy.Count);
        Assert.Equal(1_500, list.Count);
        Assert.Equal(1_124_250, list.Sum());               // 0 + 1 + … + 1,499 = 1,499 × 1,500 / 2
        Assert.Equal(1_124_250 - 1_499 - 1 + 1_500, copy.Sum());
        Assert.Equal(1_499, list[1_499]);
    }
}
