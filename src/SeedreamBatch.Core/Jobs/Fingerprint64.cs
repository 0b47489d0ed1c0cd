using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace SeedreamBatch.Core.Jobs;

/// <summary>
/// A 64-bit hash (XXH64's round and avalanche, one lane) for the duplicate screen over millions of jobs: 8 bytes
/// per step instead of FNV-1a's one. Only a screen: equal inputs always give equal fingerprints, so no duplicate
/// is missed; two inputs sharing one are compared exactly before anything is reported (<see cref="DuplicateCheck"/>).
/// Never stored or compared across processes.
/// </summary>
internal static class Fingerprint64
{
    private const ulong P1 = 11400714785074694791UL;
    private const ulong P2 = 14029467366897019727UL;
    private const ulong P3 = 1609587929392839161UL;
    private const ulong P4 = 9650029242287828579UL;
    private const ulong P5 = 2870177450012600261UL;

    public static ulong Of(ReadOnlySpan<byte> data)
    {
        var h = P5 + (ulong)data.Length;
        var i = 0;
        for (; i + 8 <= data.Length; i += 8)
        {
            h ^= Round(BinaryPrimitives.ReadUInt64LittleEndian(data[i..]));
            h = (BitOperations.RotateLeft(h, 27) * P1) + P4;
        }

        for (; i < data.Length; i++)
        {
            h ^= data[i] * P5;
            h = BitOperations.RotateLeft(h, 11) * P1;
        }

        h ^= h >> 33;
        h *= P2;
        h ^= h >> 29;
        h *= P3;
        return h ^ (h >> 32);
    }

    public static ulong Of(ReadOnlySpan<char> text) => Of(MemoryMarshal.AsBytes(text));

    private static ulong Round(ulong input) => BitOperations.RotateLeft(input * P2, 31) * P1;
}
