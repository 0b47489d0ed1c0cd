namespace SeedreamBatch.Imaging.Interop;

/// <summary>
/// libvips (or its GLib dependencies) could not be loaded. The message is one line that names the
/// install command, so the CLI can print it as-is at start-up.
/// </summary>
public sealed class LibvipsNotFoundException : Exception
{
    /// <summary>The install command printed in the message.</summary>
    public const string InstallCommand = "sudo apt-get install -y libvips42";

    /// <summary>Creates the exception naming the library files that were tried.</summary>
    public LibvipsNotFoundException(string triedFiles)
        : base($"libvips 8.14+ is not installed (could not load {triedFiles}); install it with: {InstallCommand} (or scripts/install-deps)")
    {
    }

    /// <summary>Creates the exception with a custom message.</summary>
    public LibvipsNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
