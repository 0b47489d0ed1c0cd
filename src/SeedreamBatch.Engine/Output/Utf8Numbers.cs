using System.Buffers;
using System.Globalization;

namespace SeedreamBatch.Engine.Output;

/// <summary>Numbers written straight into a UTF-8 buffer, as the hand-written manifest encoders need them.</summary>
internal static class Utf8Numbers
{
    /// <summary>Writes <paramref name="value"/> as invariant text (the text CsvHelper and Utf8JsonWriter wrote).</summary>
    public static void WriteInvariant<T>(this IBufferWriter<byte> output, T value)
        where T : IUtf8SpanFormattable
    {
        var span = output.GetSpan(64);
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        output.Advance(written);
    }
}
