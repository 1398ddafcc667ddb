// mochi: call RPCs, list providers, and stop providers or engines of a MochiOrleans cluster from a shell.
// Exit codes: 0 success, 1 the call failed (its MargoErrorCode and message on stderr), 2 usage. See `mochi --help`.
using MochiOrleans.Cli;

var output = Console.Out;
return await new MochiCommandLine().RunAsync(args, output, Console.Error);
