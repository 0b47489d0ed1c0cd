namespace SeedreamBatch.Engine.State;

/// <summary>What a run of the jobs would pay now, from what this folder and the pipeline's other folders already hold.</summary>
/// <param name="Jobs">Jobs looked at.</param>
/// <param name="AlreadyMade">Jobs made before (here, or in another folder of the pipeline), nothing to pay.</param>
/// <param name="FromOtherFolders">Of <paramref name="AlreadyMade"/>, jobs whose files another folder holds (linked or copied, free).</param>
/// <param name="SimulatedOnly">Jobs with only the simulator's results, which a real run makes (and pays for).</param>
/// <param name="FilesMissing">Jobs made before whose files are gone and the provider's copies expired: made again, paid.</param>
/// <param name="Redownloads">Jobs made before whose files are gone, fetched again free while the provider keeps them (24 h).</param>
/// <param name="Unknown">Jobs whose last request has an unknown outcome: may have been billed; not sent again without <c>--retry-unknown</c>.</param>
/// <param name="FailedEarlier">Jobs that failed before; sent again only with <c>--retry-failed</c> (not counted in the cost).</param>
/// <param name="ToPayJobs">Jobs to pay for now.</param>
/// <param name="ToPayUsd">Their estimate.</param>
public sealed record PaidWork(
    int Jobs, int AlreadyMade, int FromOtherFolders, int SimulatedOnly, int FilesMissing, int Redownloads, int Unknown, int FailedEarlier, int ToPayJobs, decimal ToPayUsd);
