using System.Text.Json;

namespace SeedreamBatch.Cli.Notify;

/// <summary>The webhook body: stable snake_case fields, and <c>text</c> so a Slack incoming webhook shows it as is.</summary>
internal static class NoticeJson
{
    public const int SchemaVersion = 1;

    public static byte[] Serialize(RunNotice n)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("schema_version", SchemaVersion);
            json.WriteString("event", n.Event);
            json.WriteString("text", n.Text);
            json.WriteString("pipeline", n.Pipeline);
            json.WriteString("environment", n.Environment);
            json.WriteString("status", n.Status);
            json.WriteNumber("exit_code", n.ExitCode);
            json.WriteStartObject("counts");
            json.WriteNumber("done", n.Done);
            json.WriteNumber("failed", n.Failed);
            json.WriteNumber("skipped", n.Skipped);
            json.WriteNumber("images", n.Images);
            json.WriteEndObject();
            json.WriteNumber("cost_usd", n.CostUsd);
            json.WriteString("outputs", n.Outputs);
            json.WriteString("summary", n.Summary);
            json.WriteString("run_id", n.RunId);
            json.WriteString("time", n.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
