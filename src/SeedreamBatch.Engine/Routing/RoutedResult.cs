namespace SeedreamBatch.Engine.Routing;

/// <summary>What a routed call returned, and which provider made it (recorded in the state store and the outputs).</summary>
public sealed record RoutedResult<T>(string Provider, T Value);
