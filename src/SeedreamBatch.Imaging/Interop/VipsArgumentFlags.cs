namespace SeedreamBatch.Imaging.Interop;

/// <summary>libvips' <c>VipsArgumentFlags</c>.</summary>
[Flags]
internal enum VipsArgumentFlags
{
    None = 0,
    Required = 1,
    Construct = 2,
    SetOnce = 4,
    SetAlways = 8,
    Input = 16,
    Output = 32,
    Deprecated = 64,
    Modify = 128,
}
