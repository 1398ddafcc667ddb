namespace MochiOrleans.Tests;

/// <summary>Error codes travel as numbers: a code's value is part of the wire protocol and never changes.</summary>
public class MargoErrorCodeTests
{
    [Fact]
    public void Every_error_code_keeps_its_wire_value()
    {
        var expected = new Dictionary<MargoErrorCode, int>
        {
            [MargoErrorCode.NoEntry] = 0,
            [MargoErrorCode.InvalidArgument] = 1,
            [MargoErrorCode.RemoteError] = 2,
            [MargoErrorCode.NoResponse] = 3,
            [MargoErrorCode.Timeout] = 4,
            [MargoErrorCode.Canceled] = 5,
            [MargoErrorCode.Permission] = 6,
            [MargoErrorCode.Unreachable] = 7,
            [MargoErrorCode.AlreadyExists] = 8,
            [MargoErrorCode.ModeMismatch] = 9,
        };

        Assert.Equal(expected.Count, Enum.GetValues<MargoErrorCode>().Length);
        foreach (var (code, value) in expected)
        {
            Assert.Equal(value, (int)code);
        }
    }
}
