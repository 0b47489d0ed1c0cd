namespace SeedreamBatch.Core.Diagnostics;

/// <summary>A place in a user's file, 1-based, printed as <c>file:line:col</c> so editors can jump to it.</summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    /// <summary>A location in a file as a whole (no line known): printed as just the file.</summary>
    public static SourceLocation OfFile(string file) => new(file, 0, 0);

    /// <summary>The location <paramref name="text"/>'s character at <paramref name="offset"/> has, when the text starts here.</summary>
    public SourceLocation Advance(string text, int offset)
    {
        var line = Line;
        var column = Column;
        for (var i = 0; i < offset && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return this with { Line = line, Column = column };
    }

    public override string ToString() =>
        Line <= 0 ? File : Column <= 0 ? $"{File}:{Line}" : $"{File}:{Line}:{Column}";
}
