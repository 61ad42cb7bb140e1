using Spm.Coordinator.Grpc;

namespace Spm.Coordinator.Tests.Grpc;

public class AdminApiOptionsValidatorTests
{
    private static readonly AdminApiOptionsValidator Validator = new();

    [Theory]
    [InlineData(null)]
    [InlineData("0123456789abcdef")]
    public void Validate_UnsetOrLongEnough_Succeeds(string? token)
    {
        Assert.True(Validator.Validate(null, new AdminApiOptions { Token = token }).Succeeded);
    }

    [Theory]
    [InlineData("short", "at least 16")]
    [InlineData("0123456789 abcdef", "white space")]
    public void Validate_BadToken_FailsNamingTheSetting(string token, string expected)
    {
        var result = Validator.Validate(null, new AdminApiOptions { Token = token });

        Assert.True(result.Failed);
        Assert.Contains("Coordinator:Admin:Token", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }
}
