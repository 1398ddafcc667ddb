namespace MochiOrleans.Internal;

/// <summary>
/// The conversions MochiOrleans applies to a value that does not already have the expected type: numeric widening
/// that loses nothing (<c>int</c> → <c>long</c>, <c>float</c> → <c>double</c>, ...). Anything else does not convert.
/// </summary>
/// <remarks>Used for arguments on the server and for responses on the client, so both ends agree.</remarks>
internal static class LosslessConversion
{
    /// <summary>Converts <paramref name="value"/> to <paramref name="target"/> if it is one already or widens without loss.</summary>
    public static bool TryConvert(object? value, Type target, out object? result)
    {
        if (value is null)
        {
            result = null;
            return !target.IsValueType || Nullable.GetUnderlyingType(target) is not null;
        }

        if (target.IsInstanceOfType(value))
        {
            result = value;
            return true;
        }

        var underlying = Nullable.GetUnderlyingType(target) ?? target;
        result = Type.GetTypeCode(underlying) switch
        {
            TypeCode.Int16 => value switch { sbyte v => (short)v, byte v => (short)v, _ => null },
            TypeCode.UInt16 => value switch { byte v => (ushort)v, _ => null },
            TypeCode.Int32 => value switch { sbyte v => (int)v, byte v => (int)v, short v => (int)v, ushort v => (int)v, _ => null },
            TypeCode.UInt32 => value switch { byte v => (uint)v, ushort v => (uint)v, _ => null },
            TypeCode.Int64 => value switch
            {
                sbyte v => (long)v, byte v => (long)v, short v => (long)v, ushort v => (long)v, int v => (long)v, uint v => (long)v,
                _ => null,
            },
            TypeCode.UInt64 => value switch { byte v => (ulong)v, ushort v => (ulong)v, uint v => (ulong)v, _ => null },
            TypeCode.Single => value switch { sbyte v => (float)v, byte v => (float)v, short v => (float)v, ushort v => (float)v, _ => null },
            TypeCode.Double => value switch
            {
                sbyte v => (double)v, byte v => (double)v, short v => (double)v, ushort v => (double)v, int v => (double)v,
                uint v => (double)v, float v => (double)v,
                _ => null,
            },
            TypeCode.Decimal => value switch
            {
                sbyte v => (decimal)v, byte v => (decimal)v, short v => (decimal)v, ushort v => (decimal)v, int v => (decimal)v,
                uint v => (decimal)v, long v => (decimal)v, ulong v => (decimal)v,
                _ => null,
            },
            _ => null,
        };
        return result is not null;
    }
}
