using System.Security.Cryptography;
using System.Text;
using SeedreamBatch.Core.Sharding;

namespace SeedreamBatch.Core.Tests.Sharding;

public sealed class ShardSpecTests
{
    [Theory]
    [InlineData("0/4", 0, 4)]
    [InlineData("3/4", 3, 4)]
    [InlineData(" 0/1 ", 0, 1)]
    public void TryParse_ValidText_IndexAndCount(string text, int index, int count)
    {
        Assert.True(ShardSpec.TryParse(text, out var shard, out _));
        Assert.Equal(new ShardSpec(index, count), shard);
        Assert.Equal($"shard-{index}-of-{count}", shard.Value.Name);
    }

    [Theory]
    [InlineData("4/4", "shard index 4 is out of range for 4 shard(s): it must be 0 … 3")]
    [InlineData("0/0", "the shard count must be 1 … 100000 (got 0)")]
    [InlineData("-1/4", "'-1/4' is not I/N (shard I of N, counted from 0: 0/4 … 3/4)")]
    [InlineData("1-4", "'1-4' is not I/N (shard I of N, counted from 0: 0/4 … 3/4)")]
    [InlineData("", "'' is not I/N (shard I of N, counted from 0: 0/4 … 3/4)")]
    public void TryParse_BadText_OneLineSaysWhy(string text, string expected)
    {
        Assert.False(ShardSpec.TryParse(text, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Of_KnownKey_FixedShard()
    {
        // A pure function of the key's text: these figures hold on every machine, in every process, forever.
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("seedream")));
        var prefix = Convert.ToUInt64(key[..16], 16);
        Assert.Equal((int)(prefix % 4), ShardSpec.Of(key, 4));
        Assert.Equal((int)(prefix % 7), ShardSpec.Of(key, 7));
        Assert.Equal(0, ShardSpec.Of(key, 1));
        Assert.Equal(1, ShardSpec.Of("0000000000000001" + new string('f', 48), 4));
        Assert.Equal(3, ShardSpec.Of("ffffffffffffffff" + new string('0', 48), 4));
    }

    [Fact]
    public void Of_TenThousandKeys_EveryKeyInExactlyOneShardAndSharesEven()
    {
        var counts = new int[4];
        for (var i = 0; i < 10_000; i++)
        {
            var key = Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(i)));
            var owners = Enumerable.Range(0, 4).Where(s => new ShardSpec(s, 4).Contains(key)).ToList();
            Assert.Single(owners);
            counts[owners[0]]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 2_300, 2_700));
    }

    [Fact]
    public void Of_NotAKey_Throws()
    {
        Assert.Throws<ArgumentException>(() => ShardSpec.Of("key-000001", 4));
    }
}
