using System.Runtime.InteropServices;

namespace SeedreamBatch.Imaging.Interop;

/// <summary>GObject type system and GValue calls used by the generic operation invoker.</summary>
internal static partial class GObject
{
    // Fundamental type ids are fixed by GLib (G_TYPE_MAKE_FUNDAMENTAL(n) = n << 2).
    internal const nint TypeBoolean = 5 << 2;
    internal const nint TypeInt = 6 << 2;
    internal const nint TypeUInt = 7 << 2;
    internal const nint TypeInt64 = 10 << 2;
    internal const nint TypeUInt64 = 11 << 2;
    internal const nint TypeEnum = 12 << 2;
    internal const nint TypeFlags = 13 << 2;
    internal const nint TypeFloat = 14 << 2;
    internal const nint TypeDouble = 15 << 2;
    internal const nint TypeString = 16 << 2;

    [LibraryImport(NativeLibraries.GObject)]
    internal static partial IntPtr g_object_ref(IntPtr obj);

    [LibraryImport(NativeLibraries.GObject)]
    internal static partial void g_object_unref(IntPtr obj);

    [LibraryImport(NativeLibraries.GObject)]
    internal static partial IntPtr g_value_init(ref GValue value, nint gType);

    [LibraryImport(NativeLibraries.GObject)]
    internal static partial void g_value_unset(ref GValue value);

    [LibraryImport(NativeLibraries.GObject)]
    internal static partial void g_value_set_boolean(ref GValue value, int vBoolean);

    [LibraryImport(NativeLibraries.GObject)]
    internal static partial int g_value_get_boolean(ref GValue value);

    [LibraryImport(NativeLibraries.GObject)]
    internal static partial void g_value_set_int(ref GValue value, int vInt);

    [LibraryImport(NativeLibraries.GObject)]
    internal static partial int g_value_get_int(ref GValue value);

    [LibraryImport(NativeLibraries.GObject)]
    internal static partial void g_value_set_uint(ref GValue value, uint vUInt);

    [LibraryImport(NativeLibraries.GObject)]
    internal static partial uint g_value_get_uint(ref GValue value);

    [LibraryImport(NativeLibraries.GObject)]
    internal static partial void g_value_set_int64(ref GValue value, long vInt64);

    [LibraryImport(NativeLibraries.GObject)]
    internal static partial long g_value_get_int64(ref GValue value);

    [LibraryImport(NativeLibraries.GObject)]
    internal static partial void g_value_set_uint64(ref GValue value, ulong vUInt64);

    [LibraryImport(NativeLibraries.GObject)]
    internal static partial ulong g_value_get_uint64(ref GValue value);

    [LibraryImport(NativeLibraries.GObject)]
    internal static partial void g_value_set_double(ref GValue value, double vDouble);

    [LibraryImport(NativeLibraries.GObject)]
    internal static partial double g_value_get_double(ref GValue value);

    [LibraryImport(NativeLibraries.GObject)]
    internal static partial void g_value_set_float(ref GValue value, float vFloat);

    [LibraryImport(NativeLibraries.GObject)]
    internal static partial float g_value_get_float(ref GValue value);

    [LibraryImport(NativeLibraries.GObject, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void g_value_set_string(ref GValue value, string vString);

    [LibraryImport(NativeLibraries.GObject)]
    internal static partial IntPtr g_value_get_string(ref GValue value);

    [LibraryImport(NativeLibraries.GObject)]
    internal static partial void g_value_set_enum(ref GValue value, int vEnum);

    [LibraryImport(NativeLibraries.GObject)]
    internal static partial int g_value_get_enum(ref GValue value);

    [LibraryImport(NativeLibraries.GObject)]
    internal static partial void g_value_set_flags(ref GValue value, uint vFlags);

    [LibraryImport(NativeLibraries.GObject)]
    internal static partial uint g_value_get_flags(ref GValue value);

    [LibraryImport(NativeLibraries.GObject)]
    internal static partial void g_value_set_object(ref GValue value, IntPtr vObject);

    [LibraryImport(NativeLibraries.GObject)]
    internal static partial IntPtr g_value_get_object(ref GValue value);

    [LibraryImport(NativeLibraries.GObject, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void g_object_set_property(IntPtr obj, string propertyName, ref GValue value);

    [LibraryImport(NativeLibraries.GObject, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void g_object_get_property(IntPtr obj, string propertyName, ref GValue value);

    [LibraryImport(NativeLibraries.GObject)]
    internal static partial nint g_type_fundamental(nint typeId);

    [LibraryImport(NativeLibraries.GObject)]
    internal static partial IntPtr g_type_name(nint type);
}
