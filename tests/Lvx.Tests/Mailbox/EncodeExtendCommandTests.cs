using Lvx.Tests.Support;

namespace Lvx.Tests.Mailbox;

public sealed class EncodeExtendCommandTests
{
    [Fact]
    public async Task EncodeExtend_WorkedExample_PrintsTheReferenceBytes()
    {
        var result = await CliRunner.RunAsync(
            "mailbox", "encode-extend", "--domain", "8adbc85e-e554-4ae0-b318-8a5465fe5fe1",
            "--volume", "d772f1c6-3ebb-43c3-a42e-73fcd8255a5f", "--size-mib", "5120");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            "3178746e64e15ffe65548a18b3e04a54e55ec8db8a5f5a25d8fc732ea4c343bb3ec6f172d7303030303030303030303030313430303030303030303030303030",
            result.Output.Trim());
        Assert.Empty(result.Error);
    }

    [Theory]
    [InlineData("not-a-uuid", "d772f1c6-3ebb-43c3-a42e-73fcd8255a5f", "5120", "--domain")]
    [InlineData("8adbc85e-e554-4ae0-b318-8a5465fe5fe1", "xyz", "5120", "--volume")]
    [InlineData("8adbc85e-e554-4ae0-b318-8a5465fe5fe1", "d772f1c6-3ebb-43c3-a42e-73fcd8255a5f", "4294967296", "--size-mib")]
    [InlineData("8adbc85e-e554-4ae0-b318-8a5465fe5fe1", "d772f1c6-3ebb-43c3-a42e-73fcd8255a5f", "-1", "--size-mib")]
    [InlineData("8adbc85e-e554-4ae0-b318-8a5465fe5fe1", "d772f1c6-3ebb-43c3-a42e-73fcd8255a5f", "5GiB", "--size-mib")]
    public async Task EncodeExtend_BadInput_ClearErrorNoStackTrace(string domain, string volume, string size, string named)
    {
        var result = await CliRunner.RunAsync("mailbox", "encode-extend", "--domain", domain, "--volume", volume, "--size-mib", size);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(named, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task EncodeExtend_MissingOption_ParseError()
    {
        var result = await CliRunner.RunAsync("mailbox", "encode-extend", "--domain", "8adbc85e-e554-4ae0-b318-8a5465fe5fe1");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--volume", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EncodeExtend_AsARealProcess_ExitCodesAndStreams()
    {
        var ok = await CliRunner.RunProcessAsync(
            "mailbox", "encode-extend", "--domain", "00010203-0405-4607-8001-020304050607",
            "--volume", "00010203-0405-4607-8001-020304050607", "--size-mib", "1");
        var bad = await CliRunner.RunProcessAsync(
            "mailbox", "encode-extend", "--domain", "nope", "--volume", "00010203-0405-4607-8001-020304050607", "--size-mib", "1");

        Assert.Equal(0, ok.ExitCode);
        Assert.StartsWith("3178746e6407060504030201800746050403020100", ok.Output, StringComparison.Ordinal);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("lvx: error: --domain", bad.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", bad.Error, StringComparison.Ordinal);
    }
}
