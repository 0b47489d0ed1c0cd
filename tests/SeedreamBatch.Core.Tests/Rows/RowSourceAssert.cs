using SeedreamBatch.Core.Diagnostics;
using SeedreamBatch.Core.Rows;

namespace SeedreamBatch.Core.Tests.Rows;

internal static class RowSourceAssert
{
    /// <summary>Reading the whole source fails with exactly one located diagnostic; returns it.</summary>
    public static Diagnostic ReadFails(IRowSource source)
    {
        var error = Assert.Throws<InputException>(() => source.Read().ToList());
        return Assert.Single(error.Diagnostics);
    }
}
