namespace MochiOrleans;

/// <summary>
/// Marks a parameterless provider method (returning <c>void</c>, <see cref="Task"/> or <see cref="ValueTask"/>) to run
/// when the engine finalizes, after prefinalize callbacks. RPCs sent from it fail with <see cref="MargoErrorCode.Permission"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class OnFinalizeAttribute : Attribute;
