using SeedreamBatch.Cli.Rendering;
using SeedreamBatch.Engine.Progress;
using Spectre.Console;

namespace SeedreamBatch.Cli.Tests.Rendering;

public sealed class LiveRunProgressViewTests
{
    [Fact]
    public void Lines_MidRun_ShowsBarCountsCostAgainstBudgetEtaAndLastThreeErrors()
    {
        var progress = new RunProgress(
            Done: 50, Failed: 10, Skipped: 20, BudgetSkipped: 0, ImagesGenerated: 50, ImagesPerMinute: 120,
            CostSoFarUsd: 2.5m, MaxCostUsd: 10m, Elapsed: TimeSpan.FromSeconds(75), Eta: TimeSpan.FromSeconds(90),
            LastErrors: ["e1", "e2", "e3", "e4: http_503 [busy]"], ExpectedJobs: 160);

        var lines = Render(progress, width: 100);

        Assert.Equal(
            [
                // At most 60 cells: 18 done, 3 failed, 7 skipped, 32 to go.
                new string('━', 18 + 3 + 7 + 32) + "  80/160 jobs  50%",
                "50 done · 10 failed · 20 skipped",
                "50 images · 120/min · $2.50 of $10.00 (25%) · 00:01:15 elapsed · ETA 00:01:30",
                "✗ e2",
                "✗ e3",
                "✗ e4: http_503 [busy]",
            ],
            lines);
    }

    [Fact]
    public void Lines_NoExpectedCountNoBudget_ShowsNoBarAndPlainCost()
    {
        var progress = new RunProgress(3, 0, 0, 2, 3, 6, 0.12m, null, TimeSpan.FromSeconds(30), null, []);

        var lines = Render(progress, width: 80);

        Assert.Equal(["3 done · 0 failed · 0 skipped · 2 over budget", "3 images · 6/min · $0.12 · 00:00:30 elapsed"], lines);
    }

    [Fact]
    public void Lines_JobsDoneInPart_ShowsTheJobsAndTheirMissingImages()
    {
        var progress = new RunProgress(6, 0, 0, 0, 9, 6, 0.36m, null, TimeSpan.FromSeconds(30), null, [], PartlyDone: 2, ImagesMissing: 3);

        var lines = Render(progress, width: 80);

        Assert.Equal("6 done · 0 failed · 0 skipped · 2 jobs miss 3 images", lines[0]);
    }

    [Fact]
    public void Lines_AllFinished_FillsTheBarWithoutOverflowing()
    {
        var progress = new RunProgress(7, 0, 0, 0, 7, 7, 0m, null, TimeSpan.FromMinutes(1), TimeSpan.Zero, [], ExpectedJobs: 7);

        var bar = Render(progress, width: 40)[0];

        Assert.Equal(new string('━', 40 - "  7/7 jobs  100%".Length - 1) + "  7/7 jobs  100%", bar);
    }

    [Theory]
    [InlineData("short", 10, "short")]
    [InlineData("exactly10!", 10, "exactly10!")]
    [InlineData("one line too long", 10, "one line…")]
    [InlineData("春季新品连衣裙", 9, "春季新品…")]
    [InlineData("two\nlines", 20, "two lines")]
    public void Fit_LongOrWideText_StaysOnOneLine(string text, int cells, string expected)
    {
        Assert.Equal(expected, LiveRunProgressView.Fit(text, cells));
    }

    [Fact]
    public void Lines_LongError_IsCutToTheWidth()
    {
        var progress = new RunProgress(0, 1, 0, 0, 0, 0, 0m, null, TimeSpan.FromSeconds(1), null, [new string('x', 300)]);

        var lines = Render(progress, width: 50);

        Assert.Equal("✗ " + new string('x', 46) + "…", lines[^1]);
    }

    private static string[] Render(RunProgress progress, int width)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 200;
        console.Write(new Rows(LiveRunProgressView.Lines(progress, width)));
        return output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r', ' ')).ToArray();
    }
}
