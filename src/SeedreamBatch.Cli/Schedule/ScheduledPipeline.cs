using SeedreamBatch.Core.Manifest;

namespace SeedreamBatch.Cli.Schedule;

/// <summary>One pipeline <c>schedule</c> watches: its manifest, its <c>schedule:</c>, and where its last due time is kept.</summary>
internal sealed record ScheduledPipeline(string ManifestPath, string Name, ScheduleSpec Schedule, string StatePath);
