using SeedreamBatch.Cli.Run;
using SeedreamBatch.Engine.Budget;
using SeedreamBatch.Engine.Pipeline;

namespace SeedreamBatch.Cli.Tests.Run;

public sealed class RunSummaryTests
{
    [Fact]
    public void Format_JobsDoneInPart_SaysHowManyAndWhichImagesAreMissing()
    {
        var outcome = new RunOutcome(6, 0, 0, 0, 0, 0, 0, 9, 0.36m, false, false, RunStatus.CompletedWithFailures, PartlyDone: 2, ImagesMissing: 3);

        var line = RunSummary.Format(outcome, new BudgetGate(new BudgetOptions()).Snapshot(), "/out");

        Assert.StartsWith("Finished with failures: 6 done, 0 failed, 0 skipped, 2 jobs miss 3 images; 9 images, billed $0.36.", line, StringComparison.Ordinal);
        Assert.Contains("never paid again", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_OneJobMissingOneImage_Singular()
    {
        var outcome = new RunOutcome(1, 0, 0, 0, 0, 0, 0, 1, 0.04m, false, false, RunStatus.CompletedWithFailures, PartlyDone: 1, ImagesMissing: 1);

        Assert.Contains("1 done, 0 failed, 0 skipped, 1 job misses 1 image;", RunSummary.Format(outcome, new BudgetGate(new BudgetOptions()).Snapshot(), "/out"), StringComparison.Ordinal);
    }

    [Fact]
    public void Format_EveryImageMade_SaysNothingAboutMissingImages()
    {
        var outcome = new RunOutcome(3, 0, 0, 0, 0, 0, 0, 3, 0.12m, false, false, RunStatus.Completed);

        var line = RunSummary.Format(outcome, new BudgetGate(new BudgetOptions()).Snapshot(), "/out");

        Assert.StartsWith("Done: 3 done, 0 failed, 0 skipped; 3 images", line, StringComparison.Ordinal);
        Assert.DoesNotContain("miss", line, StringComparison.Ordinal);
    }
}
