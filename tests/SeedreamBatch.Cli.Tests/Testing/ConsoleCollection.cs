namespace SeedreamBatch.Cli.Tests.Testing;

/// <summary>Tests that swap Console.Out/Error run one at a time: the console is process-wide.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Console";
}
