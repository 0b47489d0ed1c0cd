namespace SeedreamBatch.Core.Rows;

/// <summary>A line longer than <see cref="Files.InputLimits.RecordBytes"/>; <see cref="Line"/> is its 1-based number.</summary>
internal sealed class LineTooLongException(int line) : Exception($"line {line} is too long")
{
    public int Line { get; } = line;
}
