namespace SeedreamBatch.Core.Files;

/// <summary>
/// Which local files a run may read: only those inside the manifest's folder or a folder the manifest lists in
/// <c>files: { allow: [...] }</c>. Links are followed before the check (a link inside the folder that points out is
/// outside), and the file read is the resolved one, so what was checked is what is sent. A catalog value such as
/// <c>/etc/shadow</c> in a reference therefore never leaves the machine.
/// </summary>
public sealed class FileAccessRule
{
    private const int MaxLinkHops = 40;

    private FileAccessRule(IReadOnlyList<string> roots)
    {
        Roots = roots;
    }

    /// <summary>The folders files may be read from, resolved (no links), the manifest's folder first.</summary>
    public IReadOnlyList<string> Roots { get; }

    /// <summary>The manifest's folder plus <paramref name="allowed"/> (each already resolved with <see cref="ResolveFolder"/>).</summary>
    public static FileAccessRule For(string manifestDirectory, IEnumerable<string> allowed) =>
        new([RealPath(Path.GetFullPath(manifestDirectory)), .. allowed]);

    /// <summary>A folder for <c>files.allow</c>: resolved against <paramref name="baseDirectory"/>, links followed; it must exist.</summary>
    public static string ResolveFolder(string value, string baseDirectory)
    {
        var real = RealPath(Path.GetFullPath(Path.Combine(baseDirectory, value)));
        return Directory.Exists(real) ? real : throw new FileProblemException($"folder '{value}' not found");
    }

    /// <summary>
    /// The real path of the file <paramref name="value"/> names (relative to <paramref name="baseDirectory"/>), once it is
    /// known to exist, to be a file and to lie inside an allowed folder. Throws <see cref="FileProblemException"/>.
    /// </summary>
    public string Resolve(string value, string baseDirectory)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new FileProblemException("a file name may not contain a NUL character");
        }

        var full = Path.GetFullPath(Path.Combine(baseDirectory, value));
        var real = RealPath(full);
        if (!IsAllowed(real))
        {
            var via = real == full ? "" : $" (a link to {real})";
            throw new FileProblemException(
                $"'{value}'{via} is outside the manifest's folder{(Roots.Count > 1 ? " and the folders of files.allow" : "")}; "
                + "files are read only from there (add its folder to files: { allow: [...] } to use it)");
        }

        if (Directory.Exists(real))
        {
            throw new FileProblemException($"'{value}' is a folder, not a file");
        }

        if (!File.Exists(real))
        {
            throw new FileProblemException($"file '{value}' not found (looked in {DisplayPath(full)})");
        }

        return real;
    }

    public bool IsAllowed(string realPath) =>
        Roots.Any(root => realPath == root || realPath.StartsWith(root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal));

    /// <summary>
    /// <paramref name="full"/> with every link followed, component by component (a link in a parent folder counts
    /// too). Components that do not exist are kept as they are.
    /// </summary>
    public static string RealPath(string full)
    {
        var path = full;
        for (var hops = 0; ; hops++)
        {
            if (hops > MaxLinkHops)
            {
                throw new FileProblemException($"too many links to follow in '{full}' (a link loop?)");
            }

            var root = Path.GetPathRoot(path)!;
            var parts = path[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
            var current = root;
            string? restarted = null;
            for (var i = 0; i < parts.Length; i++)
            {
                var next = Path.Combine(current, parts[i]);
                string? target;
                try
                {
                    target = new FileInfo(next).LinkTarget;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    target = null;
                }

                if (target is null)
                {
                    current = next;
                    continue;
                }

                var rest = string.Join(Path.DirectorySeparatorChar, parts[(i + 1)..]);
                restarted = Path.GetFullPath(Path.Combine(Path.Combine(current, target), rest));
                break;
            }

            if (restarted is null)
            {
                return current;
            }

            path = restarted;
        }
    }

    private static string DisplayPath(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }
}
