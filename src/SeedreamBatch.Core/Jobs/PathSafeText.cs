namespace SeedreamBatch.Core.Jobs;

/// <summary>
/// Makes a template hole's text safe inside an output path: every character that could change the
/// path's structure is replaced, so '/' and '..' come only from the template itself, never from a
/// catalog value such as "Bags/Totes" or "../../etc".
/// </summary>
internal static class PathSafeText
{
    private static readonly char[] Unsafe = ['/', '\\', ':', '*', '?', '"', '<', '>', '|'];

    /// <summary>Device names Windows refuses as file names, with or without an extension.</summary>
    private static readonly HashSet<string> Reserved = new(
        ["CON", "PRN", "AUX", "NUL", .. Enumerable.Range(1, 9).SelectMany(i => new[] { $"COM{i}", $"LPT{i}" })],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>Returns the same instance when nothing needed changing (the common case, and cheap).</summary>
    public static string Sanitise(string raw)
    {
        if (raw.Length is >= 3 and <= 8 && Reserved.Contains(raw.Split('.')[0]))
        {
            return "_" + raw;
        }

        if (!NeedsChange(raw))
        {
            return raw;
        }

        var chars = raw.Select(c => Array.IndexOf(Unsafe, c) >= 0 || char.IsControl(c) ? '_' : c).ToArray();
        // Leading dots would hide the file (".env"); trailing dots and spaces are dropped by Windows.
        var text = new string(chars).Trim(' ', '.');
        return text.Length == 0 || text == "." || text == ".." ? "_" : text;
    }

    private static bool NeedsChange(string raw)
    {
        if (raw.Length == 0)
        {
            return false; // An empty hole is harmless: a name like '{{ a }}{{ b }}' just gets shorter.
        }

        if (raw == "." || raw == ".." || raw.AsSpan().IndexOfAny(Unsafe) >= 0
            || raw[0] is ' ' or '.' || raw[^1] is ' ' or '.')
        {
            return true;
        }

        foreach (var c in raw)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }
}
