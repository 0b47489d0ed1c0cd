using System.Globalization;
using System.Runtime.InteropServices;

namespace SeedreamBatch.Imaging.Interop;

/// <summary>
/// Calls any libvips operation by name through the generic object API (<c>vips_operation_new</c>,
/// GValue properties, <c>vips_cache_operation_build</c>) — never the variadic C wrappers.
/// Thread-safe: every call builds its own operation object.
/// </summary>
public static class VipsOperation
{
    /// <summary>
    /// Runs <paramref name="name"/> with <paramref name="arguments"/> and returns its required outputs plus
    /// any optional outputs named in the arguments. Images passed to a <c>MODIFY</c> argument (the
    /// <c>draw_*</c> family) are copied to memory first and the drawn copy is returned under the same
    /// argument name, so callers' images are never changed in place.
    /// </summary>
    /// <exception cref="VipsException">The operation does not exist or failed; the message has libvips' reason.</exception>
    public static VipsResult Call(string name, VipsArguments? arguments = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Vips.EnsureInitialized();

        IntPtr operation = LibVips.vips_operation_new(name);
        if (operation == IntPtr.Zero)
        {
            throw VipsException.FromErrorBuffer($"no libvips operation named '{name}'");
        }

        var requestedOutputs = new HashSet<string>(StringComparer.Ordinal);
        var modified = new Dictionary<string, object?>(StringComparer.Ordinal);
        IntPtr built = IntPtr.Zero;
        try
        {
            foreach ((string argument, object? value) in arguments ?? [])
            {
                var flags = (VipsArgumentFlags)LibVips.vips_object_get_argument_flags(operation, argument);
                if ((flags & (VipsArgumentFlags.Input | VipsArgumentFlags.Output)) == 0)
                {
                    VipsException.TakeErrorBuffer(); // the failed lookup left text that would prefix another thread's error
                    throw new ArgumentException($"libvips operation '{name}' has no argument '{argument}'", nameof(arguments));
                }

                if ((flags & VipsArgumentFlags.Output) != 0)
                {
                    requestedOutputs.Add(Normalize(argument));
                    continue;
                }

                object? effective = value;
                if ((flags & VipsArgumentFlags.Modify) != 0 && value is VipsImage image && !image.IsPrivateCanvas)
                {
                    VipsImage copy = image.CopyMemory();
                    modified[argument] = copy;
                    effective = copy;
                }

                SetProperty(operation, name, argument, effective);
            }

            built = LibVips.vips_cache_operation_build(operation);
            if (built == IntPtr.Zero)
            {
                LibVips.vips_object_unref_outputs(operation);
                throw VipsException.FromErrorBuffer(name);
            }
        }
        catch
        {
            DisposeAll(modified.Values);
            throw;
        }
        finally
        {
            GObject.g_object_unref(operation);
        }

        try
        {
            Dictionary<string, object?> outputs = ReadOutputs(built, requestedOutputs);
            foreach ((string argument, object? image) in modified)
            {
                outputs[Normalize(argument)] = image;
            }

            return new VipsResult(outputs);
        }
        finally
        {
            LibVips.vips_object_unref_outputs(built);
            GObject.g_object_unref(built);
        }
    }

    /// <summary>Runs an operation whose result is the image output <c>out</c>; other image outputs are released.</summary>
    public static VipsImage CallImage(string name, VipsArguments? arguments = null)
    {
        using VipsResult result = Call(name, arguments);
        return result.TakeImage("out");
    }

    private static void DisposeAll(IEnumerable<object?> values)
    {
        foreach (object? value in values)
        {
            (value as IDisposable)?.Dispose();
        }
    }

    private static nint ArgumentType(IntPtr obj, string operation, string argument)
    {
        if (LibVips.vips_object_get_argument(obj, argument, out IntPtr pspec, out _, out _) != 0)
        {
            throw VipsException.FromErrorBuffer($"{operation}: argument '{argument}'");
        }

        // GParamSpec: { GTypeInstance (pointer), name (pointer), flags (int, pointer-aligned), value_type }.
        return Marshal.ReadIntPtr(pspec, IntPtr.Size * 3);
    }

    private static unsafe void SetProperty(IntPtr operation, string operationName, string argument, object? value)
    {
        nint type = ArgumentType(operation, operationName, argument);
        nint fundamental = GObject.g_type_fundamental(type);
        var gv = default(GValue);
        GObject.g_value_init(ref gv, type);
        var pinnedImages = new List<VipsImage>();
        try
        {
            if (type == VipsTypes.Image)
            {
                VipsImage image = value as VipsImage
                    ?? throw new ArgumentException($"{operationName}: argument '{argument}' needs a VipsImage, got {Describe(value)}");
                image.AddRefForCall();
                pinnedImages.Add(image);
                GObject.g_value_set_object(ref gv, image.RawPointer);
            }
            else if (type == VipsTypes.Blob)
            {
                ReadOnlySpan<byte> bytes = value switch
                {
                    byte[] array => array,
                    ReadOnlyMemory<byte> memory => memory.Span,
                    Memory<byte> memory => memory.Span,
                    ArraySegment<byte> segment => segment.AsSpan(),
                    _ => throw new ArgumentException($"{operationName}: argument '{argument}' needs bytes, got {Describe(value)}"),
                };

                // libvips keeps the blob beyond this call (lazy loading), so it gets its own g_malloc copy it frees itself.
                IntPtr copy = GLib.g_malloc((nuint)Math.Max(1, bytes.Length));
                bytes.CopyTo(new Span<byte>((void*)copy, bytes.Length));
                LibVips.vips_value_set_blob_free(ref gv, copy, (nuint)bytes.Length);
            }
            else if (type == VipsTypes.ArrayDouble)
            {
                double[] array = value switch
                {
                    double[] doubles => doubles,
                    IEnumerable<double> doubles => doubles.ToArray(),
                    IEnumerable<int> ints => ints.Select(i => (double)i).ToArray(),
                    _ => [Convert.ToDouble(value, CultureInfo.InvariantCulture)],
                };
                fixed (double* p = array)
                {
                    LibVips.vips_value_set_array_double(ref gv, p, array.Length);
                }
            }
            else if (type == VipsTypes.ArrayInt)
            {
                int[] array = value switch
                {
                    int[] ints => ints,
                    IEnumerable<int> ints => ints.ToArray(),
                    _ => [Convert.ToInt32(value, CultureInfo.InvariantCulture)],
                };
                fixed (int* p = array)
                {
                    LibVips.vips_value_set_array_int(ref gv, p, array.Length);
                }
            }
            else if (type == VipsTypes.ArrayImage)
            {
                VipsImage[] images = value as VipsImage[]
                    ?? (value as IEnumerable<VipsImage>)?.ToArray()
                    ?? throw new ArgumentException($"{operationName}: argument '{argument}' needs VipsImage[], got {Describe(value)}");
                LibVips.vips_value_set_array_image(ref gv, images.Length);
                IntPtr slots = LibVips.vips_value_get_array_image(ref gv, out _);
                for (int i = 0; i < images.Length; i++)
                {
                    images[i].AddRefForCall();
                    pinnedImages.Add(images[i]);

                    // The array owns one reference per element; g_value_unset drops them.
                    Marshal.WriteIntPtr(slots, i * IntPtr.Size, GObject.g_object_ref(images[i].RawPointer));
                }
            }
            else
            {
                SetFundamental(ref gv, type, fundamental, operationName, argument, value);
            }

            GObject.g_object_set_property(operation, argument, ref gv);
        }
        finally
        {
            GObject.g_value_unset(ref gv);
            foreach (VipsImage image in pinnedImages)
            {
                image.ReleaseRefForCall();
            }
        }
    }

    private static void SetFundamental(ref GValue gv, nint type, nint fundamental, string operationName, string argument, object? value)
    {
        IFormatProvider inv = CultureInfo.InvariantCulture;
        switch (fundamental)
        {
            case GObject.TypeBoolean:
                GObject.g_value_set_boolean(ref gv, Convert.ToBoolean(value, inv) ? 1 : 0);
                break;
            case GObject.TypeInt:
                GObject.g_value_set_int(ref gv, Convert.ToInt32(value, inv));
                break;
            case GObject.TypeUInt:
                GObject.g_value_set_uint(ref gv, Convert.ToUInt32(value, inv));
                break;
            case GObject.TypeInt64:
                GObject.g_value_set_int64(ref gv, Convert.ToInt64(value, inv));
                break;
            case GObject.TypeUInt64:
                GObject.g_value_set_uint64(ref gv, Convert.ToUInt64(value, inv));
                break;
            case GObject.TypeFloat:
                GObject.g_value_set_float(ref gv, Convert.ToSingle(value, inv));
                break;
            case GObject.TypeDouble:
                GObject.g_value_set_double(ref gv, Convert.ToDouble(value, inv));
                break;
            case GObject.TypeString:
                GObject.g_value_set_string(ref gv, Convert.ToString(value, inv) ?? string.Empty);
                break;
            case GObject.TypeEnum:
                GObject.g_value_set_enum(ref gv, EnumValue(type, operationName, argument, value, isFlags: false));
                break;
            case GObject.TypeFlags:
                GObject.g_value_set_flags(ref gv, (uint)EnumValue(type, operationName, argument, value, isFlags: true));
                break;
            default:
                throw new ArgumentException($"{operationName}: argument '{argument}' has a type this binding does not handle ({TypeName(type)})");
        }
    }

    private static int EnumValue(nint type, string operationName, string argument, object? value, bool isFlags)
    {
        if (value is string nick)
        {
            int parsed = isFlags
                ? LibVips.vips_flags_from_nick(operationName, type, nick)
                : LibVips.vips_enum_from_nick(operationName, type, nick);
            if (parsed < 0)
            {
                throw VipsException.FromErrorBuffer($"{operationName}: bad value '{nick}' for '{argument}'");
            }

            return parsed;
        }

        return Convert.ToInt32(value, CultureInfo.InvariantCulture);
    }

    private static Dictionary<string, object?> ReadOutputs(IntPtr built, HashSet<string> requested)
    {
        var outputs = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (LibVips.vips_object_get_args(built, out IntPtr names, out IntPtr flagArray, out int count) != 0)
        {
            throw VipsException.FromErrorBuffer("vips_object_get_args");
        }

        for (int i = 0; i < count; i++)
        {
            var flags = (VipsArgumentFlags)Marshal.ReadInt32(flagArray, i * sizeof(int));
            if ((flags & VipsArgumentFlags.Output) == 0 || (flags & VipsArgumentFlags.Deprecated) != 0)
            {
                continue;
            }

            string argument = Marshal.PtrToStringUTF8(Marshal.ReadIntPtr(names, i * IntPtr.Size))!;
            if ((flags & VipsArgumentFlags.Required) == 0 && !requested.Contains(Normalize(argument)))
            {
                continue;
            }

            outputs[Normalize(argument)] = GetProperty(built, argument);
        }

        return outputs;
    }

    private static object? GetProperty(IntPtr obj, string argument)
    {
        nint type = ArgumentType(obj, "output", argument);
        var gv = default(GValue);
        GObject.g_value_init(ref gv, type);
        try
        {
            GObject.g_object_get_property(obj, argument, ref gv);
            return FromGValue(ref gv, type);
        }
        finally
        {
            GObject.g_value_unset(ref gv);
        }
    }

    private static object? FromGValue(ref GValue gv, nint type)
    {
        if (type == VipsTypes.Image)
        {
            IntPtr image = GObject.g_value_get_object(ref gv);

            // g_value_get_object does not add a reference; the VipsImage owns the one we add here.
            return image == IntPtr.Zero ? null : new VipsImage(GObject.g_object_ref(image));
        }

        if (type == VipsTypes.Blob)
        {
            IntPtr data = LibVips.vips_value_get_blob(ref gv, out nuint length);
            return CopyArray<byte>(data, (int)length);
        }

        if (type == VipsTypes.ArrayDouble)
        {
            IntPtr data = LibVips.vips_value_get_array_double(ref gv, out int n);
            return CopyArray<double>(data, n);
        }

        if (type == VipsTypes.ArrayInt)
        {
            IntPtr data = LibVips.vips_value_get_array_int(ref gv, out int n);
            return CopyArray<int>(data, n);
        }

        if (type == VipsTypes.ArrayImage)
        {
            IntPtr data = LibVips.vips_value_get_array_image(ref gv, out int n);
            var images = new VipsImage[n];
            for (int i = 0; i < n; i++)
            {
                images[i] = new VipsImage(GObject.g_object_ref(Marshal.ReadIntPtr(data, i * IntPtr.Size)));
            }

            return images;
        }

        return GObject.g_type_fundamental(type) switch
        {
            GObject.TypeBoolean => GObject.g_value_get_boolean(ref gv) != 0,
            GObject.TypeInt => GObject.g_value_get_int(ref gv),
            GObject.TypeUInt => GObject.g_value_get_uint(ref gv),
            GObject.TypeInt64 => GObject.g_value_get_int64(ref gv),
            GObject.TypeUInt64 => GObject.g_value_get_uint64(ref gv),
            GObject.TypeFloat => (double)GObject.g_value_get_float(ref gv),
            GObject.TypeDouble => GObject.g_value_get_double(ref gv),
            GObject.TypeString => Marshal.PtrToStringUTF8(GObject.g_value_get_string(ref gv)),
            GObject.TypeEnum => Marshal.PtrToStringUTF8(LibVips.vips_enum_nick(type, GObject.g_value_get_enum(ref gv))),
            GObject.TypeFlags => (int)GObject.g_value_get_flags(ref gv),
            _ => throw new VipsException($"output of type {TypeName(type)} is not handled by this binding"),
        };
    }

    /// <summary>Copies native memory the GValue owns into a managed array before the GValue is unset.</summary>
    private static unsafe T[] CopyArray<T>(IntPtr data, int count)
        where T : unmanaged =>
        count == 0 ? [] : new ReadOnlySpan<T>((void*)data, count).ToArray();

    /// <summary>GObject spells names with '-', callers with '_'; results use '_' like pyvips and NetVips.</summary>
    internal static string Normalize(string argument) => argument.Replace('-', '_');

    private static string TypeName(nint type) => Marshal.PtrToStringUTF8(GObject.g_type_name(type)) ?? type.ToString(CultureInfo.InvariantCulture);

    private static string Describe(object? value) => value?.GetType().Name ?? "null";
}
