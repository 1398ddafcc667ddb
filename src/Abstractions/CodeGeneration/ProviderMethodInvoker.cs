using System.ComponentModel;

namespace MochiOrleans.CodeGeneration;

/// <summary>
/// Calls one provider method on <paramref name="target"/> (<see langword="null"/> for a static method) with its
/// already bound <paramref name="arguments"/>, and completes with its boxed result (<see langword="null"/> for
/// <c>void</c>, <see cref="Task"/> and <see cref="ValueTask"/>). Generated code and the runtime's compiled
/// expressions both produce it; user code never calls it.
/// </summary>
/// <param name="target">The provider object, or <see langword="null"/> for a static method.</param>
/// <param name="arguments">One value per method parameter, in declaration order.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate ValueTask<object?> ProviderMethodInvoker(object? target, object?[] arguments);
