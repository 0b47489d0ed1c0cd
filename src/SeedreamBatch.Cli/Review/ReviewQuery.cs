using System.Globalization;
using SeedreamBatch.Engine.Review;

namespace SeedreamBatch.Cli.Review;

/// <summary>
/// The review page's query string → <see cref="ReviewFilter"/>: <c>status=done,rejected</c>, <c>model=</c>,
/// <c>provider=</c>, <c>seed=</c>, <c>sim=true|false</c>, <c>q=</c> (prompt text), <c>var.sku=SKU-017</c>, <c>order=sku,style</c>.
/// A name the store does not know is an error, never an empty sheet that looks like "no results".
/// </summary>
internal static class ReviewQuery
{
    public static ReviewFilter Parse(IEnumerable<KeyValuePair<string, string>> query, IReadOnlyCollection<string> knownVariables, out string? error)
    {
        error = null;
        var filter = new ReviewFilter();
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, raw) in query)
        {
            var value = raw.Trim();
            if (value.Length == 0 || name is "page" or "size" or "token")
            {
                continue;
            }

            switch (name)
            {
                case "status":
                    var words = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    if (words.FirstOrDefault(w => !ReviewFilter.StatusWords.Contains(w)) is { } bad)
                    {
                        error = $"unknown status '{bad}' (one of {string.Join(", ", ReviewFilter.StatusWords)})";
                        return filter;
                    }

                    filter = filter with { Statuses = words };
                    break;
                case "model":
                    filter = filter with { Model = value };
                    break;
                case "provider":
                    filter = filter with { Provider = value };
                    break;
                case "seed" when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed):
                    filter = filter with { Seed = seed };
                    break;
                case "seed":
                    error = $"seed '{value}' is not a whole number";
                    return filter;
                case "sim" when bool.TryParse(value, out var simulated):
                    filter = filter with { Simulated = simulated };
                    break;
                case "sim":
                    error = $"sim '{value}' is not true or false";
                    return filter;
                case "q":
                    filter = filter with { Text = value };
                    break;
                case "order":
                    var order = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    if (order.FirstOrDefault(v => v is not (ReviewFilter.SizeColumn or ReviewFilter.ModelColumn) && !knownVariables.Contains(v)) is { } unknownOrder)
                    {
                        error = UnknownVariable(unknownOrder, knownVariables);
                        return filter;
                    }

                    filter = filter with { OrderBy = order };
                    break;
                case var _ when name.StartsWith("var.", StringComparison.Ordinal):
                    var variable = name[4..];
                    if (!knownVariables.Contains(variable))
                    {
                        error = UnknownVariable(variable, knownVariables);
                        return filter;
                    }

                    variables[variable] = value;
                    break;
                default:
                    error = $"unknown filter '{name}' (status, model, provider, seed, sim, q, order, var.<name>)";
                    return filter;
            }
        }

        return filter with { Variables = variables };
    }

    public static string UnknownVariable(string name, IEnumerable<string> known) =>
        $"unknown variable '{name}' (the jobs have: {string.Join(", ", known)})";
}
