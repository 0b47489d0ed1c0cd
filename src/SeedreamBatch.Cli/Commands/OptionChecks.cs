using System.CommandLine;

namespace SeedreamBatch.Cli.Commands;

/// <summary>Range checks of option values, reported as parse errors (one line, exit 2) like System.CommandLine's own.</summary>
internal static class OptionChecks
{
    /// <summary>Adds a validator: <paramref name="problem"/> says what is wrong with the value given, or null when nothing is.</summary>
    public static Option<T> Check<T>(this Option<T> option, Func<T?, string?> problem)
    {
        option.Validators.Add(r =>
        {
            if (problem(r.GetValueOrDefault<T>()) is { } message)
            {
                r.AddError(message);
            }
        });
        return option;
    }
}
