namespace SeedreamBatch.Engine.State;

/// <summary>
/// A job's rows as another folder's store holds them (<see cref="StateReader.ReadJobCopy"/>), column by column, to be
/// taken over by this folder's store (<see cref="StateStore.ImportJobAsync"/>). Column-wise so stores of another schema
/// version still copy: the columns both know are copied, the others take their defaults.
/// </summary>
/// <param name="SourceDirectory">The outputs folder the job comes from (its files are relative to it).</param>
public sealed record JobCopy(
    string SourceDirectory,
    IReadOnlyDictionary<string, object?> Job,
    IReadOnlyList<IReadOnlyDictionary<string, object?>> Outputs,
    IReadOnlyList<IReadOnlyDictionary<string, object?>> ImageFailures);
