using System.Text;

namespace SeedreamBatch.Engine.State;

/// <summary>
/// Where a pipeline's records live — the one place that decides it (run, plan, status, export and review open stores
/// through here). Two levels:
/// <list type="bullet">
/// <item>the folder's state store, <c>&lt;outputs&gt;/.seedream/state.db</c>: every job this folder made, its files, bills and
/// failures (manifest.csv/json and summary.json are written from it);</item>
/// <item>the pipeline ledger, <c>&lt;manifest folder&gt;/.seedream/&lt;pipeline&gt;.db</c>: for each job key the outputs folder whose
/// store holds it, so a run in another folder (a new <c>run.date</c>) finds what was paid before.</item>
/// </list>
/// </summary>
public static class StoreLocations
{
    /// <summary>The folder holding a folder's store, lock and logs.</summary>
    public static string RecordsDirectory(string outputsDirectory) => Path.Combine(outputsDirectory, ".seedream");

    /// <summary>An outputs folder's state store.</summary>
    public static string StatePath(string outputsDirectory) => Path.Combine(RecordsDirectory(outputsDirectory), "state.db");

    /// <summary>The pipeline ledger of the manifest at <paramref name="manifestPath"/> with <c>name:</c> <paramref name="pipelineName"/>.</summary>
    public static string LedgerPath(string manifestPath, string pipelineName) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(manifestPath))!, ".seedream", FileNameOf(pipelineName) + ".db");

    /// <summary>The lock a run holds on its pipeline (every folder it may write), beside the ledger.</summary>
    public static string LedgerLockPath(string ledgerPath) => Path.ChangeExtension(ledgerPath, ".lock");

    /// <summary>The lock a run holds on its outputs folder.</summary>
    public static string FolderLockPath(string outputsDirectory) => Path.Combine(RecordsDirectory(outputsDirectory), "run.lock");

    /// <summary>A pipeline name as a file name: letters, digits, '-', '_' and '.' kept, anything else '_'.</summary>
    private static string FileNameOf(string pipelineName)
    {
        var name = new StringBuilder(pipelineName.Length);
        foreach (var ch in pipelineName.Trim())
        {
            name.Append(char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' || (ch == '.' && name.Length > 0) ? ch : '_');
        }

        return name.Length == 0 ? "pipeline" : name.ToString();
    }
}
