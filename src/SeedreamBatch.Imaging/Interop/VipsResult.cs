namespace SeedreamBatch.Imaging.Interop;

/// <summary>
/// Outputs of one operation call. Owns the output images until they are taken with
/// <see cref="TakeImage(string)"/>; disposing releases any image nobody took.
/// </summary>
public sealed class VipsResult : IDisposable
{
    private readonly Dictionary<string, object?> _values;

    internal VipsResult(Dictionary<string, object?> values)
    {
        _values = values;
    }

    /// <summary>An output converted to <typeparamref name="T"/> (images: use <see cref="TakeImage(string)"/>).</summary>
    public T Get<T>(string name)
    {
        name = VipsOperation.Normalize(name);
        if (!_values.TryGetValue(name, out object? value))
        {
            throw new KeyNotFoundException($"the operation has no output '{name}' (outputs: {string.Join(", ", _values.Keys)})");
        }

        return value is T typed ? typed : (T)Convert.ChangeType(value!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Transfers ownership of an output image to the caller.</summary>
    public VipsImage TakeImage(string name = "out")
    {
        VipsImage image = Get<VipsImage>(name);
        _values[VipsOperation.Normalize(name)] = null;
        return image;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (object? value in _values.Values)
        {
            switch (value)
            {
                case VipsImage image:
                    image.Dispose();
                    break;
                case VipsImage[] images:
                    foreach (VipsImage image in images)
                    {
                        image.Dispose();
                    }

                    break;
            }
        }

        _values.Clear();
    }
}
