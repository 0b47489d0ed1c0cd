using System.Text;

namespace SeedreamBatch.Cli.Tests.Run;

/// <summary>manifest.csv read back as rows of named columns (RFC 4180: quoted fields may hold commas, quotes and line breaks).</summary>
internal sealed class ManifestCsv
{
    private readonly Dictionary<string, int> _columns;

    private ManifestCsv(List<string> header, List<List<string>> rows)
    {
        _columns = header.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        Rows = rows;
    }

    public IReadOnlyList<List<string>> Rows { get; }

    public static ManifestCsv Read(string path)
    {
        var records = Parse(File.ReadAllText(path));
        return new ManifestCsv(records[0], records.Skip(1).ToList());
    }

    /// <summary>The value of <paramref name="column"/> in <paramref name="row"/>; throws for a column the file lacks.</summary>
    public string Get(List<string> row, string column) =>
        _columns.TryGetValue(column, out var i) ? row[i] : throw new KeyNotFoundException($"manifest.csv has no column '{column}'");

    private static List<List<string>> Parse(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                record.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                records.Add(record);
                record = [];
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            records.Add(record);
        }

        return records;
    }
}
