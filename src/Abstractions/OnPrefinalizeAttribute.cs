namespace MochiOrleans;

/// <summary>
/// Marks a parameterless provider method (returning <c>void</c>, <see cref="Task"/> or <see cref="ValueTask"/>) to run
/// right before the engine finalizes, while RPCs can still be sent and received.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class OnPrefinalizeAttribute : Attribute;
