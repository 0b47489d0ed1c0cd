namespace SeedreamBatch.Cli.Review;

/// <summary>
/// The one page of <c>review</c> and <c>gallery</c> (HTML, CSS and JS in one embedded file, no CDN): served as is, it reads
/// the API; with data embedded it is the static gallery, filtering in the browser.
/// </summary>
internal static class ReviewPage
{
    private const string Placeholder = "/*DATA*/null";
    private static readonly Lazy<string> Template = new(() =>
    {
        using var stream = typeof(ReviewPage).Assembly.GetManifestResourceStream("SeedreamBatch.Cli.Review.review.html")
            ?? throw new InvalidOperationException("the review page is missing from the build (embedded resource)");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>The page; with <paramref name="dataJson"/> the static gallery's data is embedded.</summary>
    public static string Html(string? dataJson) => Split().Before + (dataJson ?? "null") + Split().After;

    /// <summary>The page around the data placeholder, so a large gallery can be streamed without building one string.</summary>
    public static (string Before, string After) Split()
    {
        var template = Template.Value;
        var at = template.IndexOf(Placeholder, StringComparison.Ordinal);
        return (template[..at], template[(at + Placeholder.Length)..]);
    }
}
