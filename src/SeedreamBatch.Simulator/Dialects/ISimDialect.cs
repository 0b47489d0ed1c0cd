namespace SeedreamBatch.Simulator.Dialects;

/// <summary>A provider dialect: its name and how it words an error.</summary>
internal interface ISimDialect
{
    string Name { get; }

    /// <summary>The Authorization scheme the service expects: <c>Bearer</c>, or <c>Key</c> (fal.ai).</summary>
    string AuthScheme => "Bearer";

    SimErrorResponse DescribeError(SimRequestException error);
}
