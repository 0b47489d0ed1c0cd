using System.Text.Json;
using System.Text.Json.Nodes;
using SeedreamBatch.Core.Files;

namespace SeedreamBatch.Cli.Notify;

/// <summary>Adds the notification warnings of a run to its summary.json (<c>notifications: [{ target, warning }]</c>), atomically.</summary>
internal static class SummaryNotes
{
    public static void Append(string summaryPath, IReadOnlyList<string> warnings)
    {
        if (warnings.Count == 0 || !File.Exists(summaryPath))
        {
            return;
        }

        var root = JsonNode.Parse(File.ReadAllBytes(summaryPath)) as JsonObject;
        if (root is null)
        {
            return;
        }

        var list = new JsonArray();
        foreach (var warning in warnings)
        {
            list.Add(new JsonObject { ["warning"] = warning });
        }

        root["notifications"] = list;
        AtomicFile.Write(summaryPath, JsonSerializer.SerializeToUtf8Bytes(root, new JsonSerializerOptions { WriteIndented = true }));
    }
}
