using System.Collections.Frozen;
using MochiOrleans.Internal.Providers;

namespace MochiOrleans.Internal.Registry;

/// <summary>
/// The RPCs of one provider registration, by full name and by position, with a generation that tells this table from
/// any other one of the same grain key: a caller that resolved a name once sends its position, and a request whose
/// generation is not this table's is answered <see cref="MargoErrorCode.NoEntry"/> (the caller then resolves again).
/// </summary>
/// <remarks>
/// Positions follow the ordinal order of the names and the generation is a hash of them, so every silo derives the same
/// layout from the same names: a dispatch grain computes it from another silo's <c>ProviderRecord</c>, and a virtual
/// provider's activation on any silo honours an index resolved anywhere. Two tables with the same names have the same
/// layout, so an index stays right across a re-registration that kept them; any other change moves the generation.
/// </remarks>
internal sealed class MethodTable
{
    private MethodTable(FrozenDictionary<string, RemoteMethod> byName, string[] names, long generation)
    {
        ByName = byName;
        Names = names;
        Methods = [.. names.Select(name => byName[name])];
        Generation = generation;
    }

    /// <summary>The RPCs served, by full name.</summary>
    public FrozenDictionary<string, RemoteMethod> ByName { get; }

    /// <summary>The full names in ordinal order: position <c>i</c> names <see cref="Methods"/>[<c>i</c>].</summary>
    public string[] Names { get; }

    public RemoteMethod[] Methods { get; }

    /// <summary>Identifies this layout; never 0, so that a request which carries none cannot match.</summary>
    public long Generation { get; }

    public static MethodTable Of(IEnumerable<KeyValuePair<string, RemoteMethod>> methods)
    {
        var byName = methods.ToFrozenDictionary(StringComparer.Ordinal);
        var (names, generation) = LayoutOf(byName.Keys);
        return new MethodTable(byName, names, generation);
    }

    /// <summary>Finds the method at <paramref name="index"/> of the layout <paramref name="generation"/>, if this is that layout.</summary>
    public bool TryGet(int index, long generation, out string name, out RemoteMethod method)
    {
        if (generation == Generation && (uint)index < (uint)Methods.Length)
        {
            name = Names[index];
            method = Methods[index];
            return true;
        }

        name = null!;
        method = null!;
        return false;
    }

    /// <summary>The layout another silo's provider serving <paramref name="names"/> has: its names in order and its generation.</summary>
    public static (string[] Names, long Generation) LayoutOf(IEnumerable<string> names)
    {
        var sorted = names.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        return (sorted, GenerationOf(sorted));
    }

    /// <summary>The position of <paramref name="name"/> in a layout's ordered names, or -1.</summary>
    public static int IndexIn(string[] orderedNames, string name) =>
        Math.Max(-1, Array.BinarySearch(orderedNames, name, StringComparer.Ordinal));

    // FNV-1a over the names and their lengths: the same in every process (string.GetHashCode is randomized per process).
    private static long GenerationOf(string[] orderedNames)
    {
        const ulong prime = 1099511628211;
        var hash = 14695981039346656037;
        foreach (var name in orderedNames)
        {
            hash = (hash ^ (uint)name.Length) * prime;
            foreach (var c in name)
            {
                hash = (hash ^ c) * prime;
            }
        }

        return hash == 0 ? 1 : unchecked((long)hash);
    }
}
