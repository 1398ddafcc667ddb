using MochiOrleans.Analyzers.Tests.Infrastructure;
using Verify = MochiOrleans.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MochiOrleans.Analyzers.SerializabilityAnalyzer>;

namespace MochiOrleans.Analyzers.Tests;

public class SerializabilityAnalyzerTests
{
    [Fact]
    public Task Own_types_without_a_serializer_are_reported_also_inside_collections_and_responses() =>
        Verify.VerifyAsync(
            Snippets.Usings + """
            public class Point { public int X; }
            public record struct Size(int Width, int Height);

            public class Shapes
            {
                [Remote] public int Move(Point {|#0:point|}) => point.X;
                [Remote] public int Count(List<Size[]> {|#1:sizes|}) => sizes.Count;
                [Remote] public Task<Point> {|#2:OriginAsync|}() => Task.FromResult(new Point());
                [Remote] public void Call(Action {|#3:callback|}) => callback();
            }
            """,
            Verify.Diagnostic(MochiDiagnostics.Unserializable).WithLocation(0).WithArguments("Parameter 'point'", "Shapes.Move", "Point"),
            Verify.Diagnostic(MochiDiagnostics.Unserializable).WithLocation(1).WithArguments("Parameter 'sizes'", "Shapes.Count", "Size"),
            Verify.Diagnostic(MochiDiagnostics.Unserializable).WithLocation(2).WithArguments("The response", "Shapes.OriginAsync", "Point"),
            Verify.Diagnostic(MochiDiagnostics.Unserializable).WithLocation(3).WithArguments("Parameter 'callback'", "Shapes.Call", "System.Action"));

    [Fact]
    public Task Serializable_types_library_types_and_runtime_filled_parameters_raise_nothing() =>
        Verify.VerifyAsync(
            Snippets.Usings + """
            using Orleans;

            [GenerateSerializer]
            public class Point { [Id(0)] public int X; }

            [Serializable]
            public class Legacy { public int X; }

            public class Failure : Exception { }

            public abstract class Shape { }

            public class Meters { public double Value; }

            [RegisterConverter]
            public sealed class MetersConverter : IConverter<Meters, double>
            {
                public Meters ConvertFromSurrogate(in double surrogate) => new() { Value = surrogate };
                public double ConvertToSurrogate(in Meters value) => value.Value;
            }

            public class NotSent { }

            public class Shapes
            {
                [Remote] public int Move(Point point, Legacy legacy, Shape shape, Meters length) => point.X;
                [Remote] public Dictionary<string, Point[]> Index(List<int> ids, Guid id, DateTime at, byte[] data) => new();
                [Remote] public Task<Failure?> FailAsync(CancellationToken cancellationToken) => Task.FromResult<Failure?>(null);
                [Remote] public void Hello(Handle handle, string name) => handle.Respond(name);
                [Remote(DisableResponse = true)] public void Poke(int by) { }
                public NotSent NotAnRpc(NotSent value) => value;
            }
            """);
}
