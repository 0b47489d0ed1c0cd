using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using SeedreamBatch.Cli.Review;

namespace SeedreamBatch.Cli.Commands;

/// <summary><c>review</c>: a local web app to look at an outputs folder's images and approve or reject them.</summary>
internal static class ReviewCommand
{
    public const int DefaultPort = 8377;

    public static Command Create(TimeProvider time)
    {
        var target = new Argument<string>("manifest-or-dir") { Description = "A pipeline manifest (its outputs folder for today) or an outputs folder." };
        var port = new Option<int>("--port") { Description = $"Port to listen on (default {DefaultPort}; 0 picks a free one).", DefaultValueFactory = _ => DefaultPort }
            .Check(n => n is < 0 or > 65535 ? "--port must be between 0 and 65535" : null);
        var host = new Option<string?>("--host") { Description = "Listen on this address instead of loopback (e.g. 0.0.0.0); then every request needs the token printed at start-up." };
        var open = new Option<bool>("--open") { Description = "Open the page in the default browser." };
        var command = new Command("review", "Serve a contact sheet of the outputs to approve or reject them (keys: arrows, A, R); safe while a run goes on.")
        {
            target, port, host, open,
        };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            if (OutputsFolder.Resolve(parse.GetValue(target)!, "review", time, Console.Error) is not { } directory)
            {
                return ExitCodes.InvalidInput;
            }

            var hostValue = parse.GetValue(host);
            var options = new ReviewServerOptions
            {
                OutputsDirectory = directory,
                Host = hostValue,
                Port = parse.GetValue(port),
                Token = hostValue is null ? null : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            };
            ReviewServer server;
            try
            {
                server = await ReviewServer.StartAsync(options, time, ct);
            }
            catch (Exception e) when (e is IOException or FormatException)
            {
                Console.Error.WriteLine($"seedream-batch review: cannot listen on {hostValue ?? "127.0.0.1"}:{options.Port}: {e.Message} (try --port 0)");
                return ExitCodes.InvalidInput;
            }

            await using (server)
            {
                Console.Out.WriteLine($"Reviewing {directory}");
                Console.Out.WriteLine($"Open {server.Uri.AbsoluteUri}  (Ctrl+C to stop)");
                if (options.Token is not null)
                {
                    Console.Out.WriteLine($"Listening on {hostValue}: every request needs the token in that URL ({options.Token}).");
                }

                if (parse.GetValue(open))
                {
                    OpenBrowser(server.Uri);
                }

                using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, server.Stopping);
                try
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C: stop serving.
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void OpenBrowser(Uri uri)
    {
        var opener = OperatingSystem.IsWindows() ? "explorer" : OperatingSystem.IsMacOS() ? "open" : "xdg-open";
        try
        {
            using var process = Process.Start(new ProcessStartInfo(opener, uri.AbsoluteUri) { UseShellExecute = false });
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Console.Error.WriteLine($"seedream-batch review: could not open a browser ({opener}: {e.Message}); open the URL above");
        }
    }
}
