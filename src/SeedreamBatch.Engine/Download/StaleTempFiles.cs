using System.Text.RegularExpressions;

namespace SeedreamBatch.Engine.Download;

/// <summary>
/// Removes temp files a killed run left in an outputs folder: downloads (<c>.{name}.{guid}.part</c>) and atomic
/// writes (<c>.{name}.{guid}.tmp</c>). Only our own names: anything else in the folder belongs to the user.
/// Call only while holding the folder's run lock, when no other writer can own such a file.
/// </summary>
public static partial class StaleTempFiles
{
    /// <summary>Deletes every stale temp file under <paramref name="outputsDirectory"/>; returns how many.</summary>
    public static int Sweep(string outputsDirectory)
    {
        if (!Directory.Exists(outputsDirectory))
        {
            return 0;
        }

        var removed = 0;
        foreach (var path in Directory.EnumerateFiles(outputsDirectory, ".*", SearchOption.AllDirectories))
        {
            if (OurTempName().IsMatch(Path.GetFileName(path)))
            {
                File.Delete(path);
                removed++;
            }
        }

        return removed;
    }

    [GeneratedRegex(@"^\..+\.[0-9a-f]{32}\.(part|tmp)$", RegexOptions.CultureInvariant)]
    private static partial Regex OurTempName();
}
