namespace SeedreamBatch.Cli.Tests.Testing;

/// <summary>Runs the CLI in-process the way a shell would, capturing what it prints and its exit code.</summary>
internal static class CliRun
{
    public static (int ExitCode, string Out, string Error) Invoke(params string[] args)
    {
        var originalOut = Console.Out;
        var originalError = Console.Error;
        using var output = new StringWriter();
        using var error = new StringWriter();
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var code = CliApp.Run([.. args, "--no-color"]);
            return (code, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }

    public static string RepoPath(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SeedreamBatch.sln")))
            {
                return Path.Combine([dir.FullName, .. parts]);
            }
        }

        throw new InvalidOperationException("SeedreamBatch.sln not found");
    }
}
