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

    [Theory]
    [InlineData("set-a-long-random-token-here")]
    [InlineData("change-me-change-me-change-me")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaa")]
    public void Validate_PlaceholderToken_IsRefused(string token)
    {
        var result = new AdminApiOptionsValidator("Coordinator:AdminToken").Validate(null, new AdminApiOptions { Token = token });

        Assert.True(result.Failed);
        Assert.Contains("Coordinator:AdminToken is a placeholder", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TheShippedExampleToken_IsRefused()
    {
        var example = System.Text.Json.JsonDocument.Parse(File.ReadAllText(FindRepoFile("deploy/config/coordinator.json")));
        var token = example.RootElement.GetProperty("Coordinator").GetProperty("AdminToken").GetString();

        Assert.True(Validator.Validate(null, new AdminApiOptions { Token = token }).Failed);
    }

    // From the binaries up, then from this source file up (binaries may live outside the tree: LVX_ARTIFACTS).
    private static string FindRepoFile(string relative, [System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? "/" })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, relative);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException(relative);
    }
}
