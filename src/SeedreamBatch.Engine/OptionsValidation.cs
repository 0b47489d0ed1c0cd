namespace SeedreamBatch.Engine;

/// <summary>
/// Options are checked once, by the component that takes them, before it does anything (Polly's and YARP's idiom):
/// every problem of the options type's own validator in one message, one per line.
/// </summary>
internal static class OptionsValidation
{
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public static void ThrowIfInvalid(IReadOnlyList<string> problems, string paramName)
    {
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, problems), paramName);
        }
    }
}
