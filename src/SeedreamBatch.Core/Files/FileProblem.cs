namespace SeedreamBatch.Core.Files;

/// <summary>Why a local file may not be used: a sentence for the user, never with the file's content.</summary>
public sealed class FileProblemException(string message) : Exception(message);
