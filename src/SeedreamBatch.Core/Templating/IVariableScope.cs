namespace SeedreamBatch.Core.Templating;

/// <summary>Where a template looks its variables up; paths are dotted (<c>run.date</c>) and compared ordinally.</summary>
public interface IVariableScope
{
    bool TryGet(string path, out string value);
}
