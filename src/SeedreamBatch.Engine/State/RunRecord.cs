namespace SeedreamBatch.Engine.State;

/// <summary>One invocation of <c>run</c> against an outputs folder.</summary>
/// <param name="Id">A fresh id per invocation; every output file names it.</param>
/// <param name="ManifestPath">The manifest as given on the command line.</param>
/// <param name="ManifestSha256">Hash of the manifest text, to tell runs of an edited manifest apart.</param>
/// <param name="ToolVersion">The engine's version.</param>
public sealed record RunRecord(string Id, string ManifestPath, string ManifestSha256, string ToolVersion);
