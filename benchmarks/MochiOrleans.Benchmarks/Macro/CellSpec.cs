namespace MochiOrleans.Benchmarks.Macro;

/// <summary>One point of the matrix: every call mode is measured there.</summary>
/// <param name="Transport">Where the caller sits.</param>
/// <param name="PayloadBytes">The size of the byte array sent (and, for answered calls, returned).</param>
/// <param name="Callers">How many callers keep a call outstanding at once.</param>
/// <param name="Rounds">How many timed rounds, alternating which of facade and raw goes first.</param>
/// <param name="Breakdown">Also measure the intermediate calls that split the facade's cost into its parts.</param>
/// <param name="Peers">Also measure the peers (gRPC, TLS-on facade) in every round: TCP cells only.</param>
internal sealed record CellSpec(Transport Transport, int PayloadBytes, int Callers, int Rounds, bool Breakdown = false, bool Peers = false);
