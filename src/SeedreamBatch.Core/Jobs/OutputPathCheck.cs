namespace SeedreamBatch.Core.Jobs;

/// <summary>
/// The last line of defence for a rendered output name: relative, no '.' or '..' segments, no empty
/// segments, lengths file systems accept. Variable values are already made safe by
/// <see cref="PathSafeText"/>, so a failure here means the template itself is wrong.
/// </summary>
internal static class OutputPathCheck
{
    /// <summary>Most file systems allow 255 bytes per name; leave room for ".variant.webp" and "-15".</summary>
    public const int MaxSegmentBytes = 200;

    /// <param name="relative">The rendered name.</param>
    /// <param name="shapeChecked">
    /// The template itself already passed this check (with sample values), so only an empty value can
    /// make a leading '/': that is an empty folder name, not an absolute path the user wrote.
    /// </param>
    public static string? Problem(string relative, bool shapeChecked = false)
    {
        if (relative.Length == 0)
        {
            return "renders to an empty file name";
        }

        if (shapeChecked && relative.StartsWith('/'))
        {
            return $"renders to '{relative}', which has an empty folder name (an empty value at the start)";
        }

        if (relative.StartsWith('/') || relative.StartsWith('\\') || (relative.Length > 1 && relative[1] == ':'))
        {
            return $"renders to an absolute path '{relative}'; output names are relative to outputs.dir";
        }

        // Segment by segment without splitting: this runs once per job, a million times in a large plan.
        var rest = relative.AsSpan();
        while (true)
        {
            var slash = rest.IndexOf('/');
            var segment = slash < 0 ? rest : rest[..slash];
            if (segment.Length == 0)
            {
                return $"renders to '{relative}', which has an empty folder name ('//' or a trailing '/')";
            }

            if (segment is "." or "..")
            {
                return $"renders to '{relative}', which leaves the outputs folder or has a '{segment}' segment";
            }

            if (segment.Contains('\\'))
            {
                return $"renders to '{relative}'; use '/' to separate folders";
            }

            // UTF-8 takes at most 3 bytes per UTF-16 unit: only long segments need counting.
            if (segment.Length * 3 > MaxSegmentBytes && System.Text.Encoding.UTF8.GetByteCount(segment) > MaxSegmentBytes)
            {
                return $"renders a name longer than {MaxSegmentBytes} bytes ('{segment[..40]}...'); shorten it, e.g. with '| truncate: 60'";
            }

            if (slash < 0)
            {
                break;
            }

            rest = rest[(slash + 1)..];
        }

        return null;
    }
}
