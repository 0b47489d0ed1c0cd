using SeedreamBatch.Core.Templating;

namespace SeedreamBatch.Core.Manifest;

/// <summary>Every variable has the value "x": renders a template to show the shape it always has.</summary>
internal sealed class SampleScope : IVariableScope
{
    public bool TryGet(string path, out string value)
    {
        value = "x";
        return true;
    }
}
