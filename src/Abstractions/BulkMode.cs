namespace MochiOrleans;

/// <summary>
/// What remote engines may do with the memory a <see cref="Bulk"/> exposes (Mercury's <c>HG_BULK_READ_ONLY</c>,
/// <c>HG_BULK_WRITE_ONLY</c>, <c>HG_BULK_READWRITE</c>; PyMargo's <c>bulk.read_only</c>, ...).
/// </summary>
/// <remarks>The values travel in bulk descriptors: they never change.</remarks>
[GenerateSerializer, Alias("mochi.BulkMode")]
public enum BulkMode
{
    /// <summary>Others may read (pull from) it; a push into it is refused with <see cref="MargoErrorCode.Permission"/>.</summary>
    ReadOnly = 1,

    /// <summary>Others may write (push into) it; a pull from it is refused with <see cref="MargoErrorCode.Permission"/>.</summary>
    WriteOnly = 2,

    /// <summary>Others may read and write it.</summary>
    ReadWrite = 3,
}
