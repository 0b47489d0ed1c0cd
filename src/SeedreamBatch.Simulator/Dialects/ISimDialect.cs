namespace SeedreamBatch.Simulator.Dialects;

/// <summary>A provider dialect: its name and how it words an error.</summary>
internal interface ISimDialect
{
    string Name { get; }

    SimErrorResponse DescribeError(SimRequestException error);
}
