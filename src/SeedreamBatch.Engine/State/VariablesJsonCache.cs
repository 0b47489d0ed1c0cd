using System.Text.Json;

namespace SeedreamBatch.Engine.State;

/// <summary>
/// The last <c>variables_json</c> read and its parsed form: the rows of one job (one per file or failed image) come one
/// after another and share it, so a million-job manifest parses each job's variables once, not once per file.
/// </summary>
internal sealed class VariablesJsonCache
{
    private string? _json;
    private SortedDictionary<string, string> _parsed = [];

    public SortedDictionary<string, string> Parse(string json)
    {
        if (!string.Equals(json, _json, StringComparison.Ordinal))
        {
            _parsed = JsonSerializer.Deserialize<SortedDictionary<string, string>>(json) ?? [];
            _json = json;
        }

        return _parsed;
    }
}
