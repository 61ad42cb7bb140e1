using System.Text.Json;

namespace Spm.Coordinator.IntegrationTests.Grpc;

/// <summary>The real lvx CLI (a child process) against a real coordinator.</summary>
[Collection(GrpcTestsDefinition.Name)]
public sealed class LvxCommandTests(CoordinatorFixture fixture)
{
    private const long Mib = 1024 * 1024;

    private CoordinatorUnderTest C => fixture.Coordinator;

    private string Address => C.Address.ToString();

    [Fact]
    public async Task Status_Json_ReportsTheLeaderEpochAndVgFree()
    {
        var result = await LvxCli.RunAsync("status", "--json", "--coordinator", Address);
        var status = await C.Client.GetStatusAsync();
        var vg = C.VolumeGroup.GetVg();

        Assert.True(result.ExitCode == 0, result.StandardError);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var root = json.RootElement;
        Assert.Equal("leader", root.GetProperty("role").GetString());
        Assert.Equal(C.InstanceId, root.GetProperty("instanceId").GetString());
        Assert.Equal(status.Epoch, root.GetProperty("epoch").GetInt64());
        Assert.Equal(C.InstanceId, root.GetProperty("lease").GetProperty("holder").GetString());
        var group = Assert.Single(root.GetProperty("volumeGroups").EnumerateArray());
        Assert.Equal(C.VolumeGroup.Name, group.GetProperty("vgName").GetString());
        Assert.Equal(vg.FreeBytes, group.GetProperty("freeBytes").GetInt64());
        var counts = root.GetProperty("requestCounts").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Contains("waiting-for-space", counts);
        Assert.Contains("done", counts);
        Assert.Equal(9, counts.Length);
    }

    [Fact]
    public async Task Status_Table_ShowsRoleAndVg()
    {
        var result = await LvxCli.RunAsync("status", "--coordinator", Address);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains("leader (epoch ", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(C.VolumeGroup.Name, result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.StandardError);
    }

    [Fact]
    public async Task AddPv_WithoutToken_ExitCode1_PermissionDeniedOnOneLine_VgUnchanged()
    {
        var device = C.VolumeGroup.AddPhysicalVolume(1);
        var before = C.VolumeGroup.GetVg();

        var result = await LvxCli.RunAsync("add-pv", "--domain", C.DomainId.ToString(), "--device", device, "--coordinator", Address);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.StandardOutput);
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("permission denied: ", line, StringComparison.Ordinal);
        var after = C.VolumeGroup.GetVg();
        Assert.Equal(before.SeqNo, after.SeqNo);
        Assert.Equal(before.PhysicalVolumeCount, after.PhysicalVolumeCount);
    }

    [Fact]
    public async Task Extend_WithToken_Json_ThenRequestsAndHistoryShowIt()
    {
        var volume = C.Volumes[2].ToString();

        var extend = await LvxCli.RunWithTokenAsync(CoordinatorUnderTest.Token, "extend", "--domain", C.DomainId.ToString(), "--volume", volume, "--size-mib", "200",
            "--json", "--coordinator", Address);
        var requests = await LvxCli.RunAsync("requests", "--volume", volume, "--state", "done", "--json", "--coordinator", Address);
        var history = await LvxCli.RunAsync("history", "--volume", volume, "--coordinator", Address);

        Assert.True(extend.ExitCode == 0, extend.StandardError);
        using var extended = JsonDocument.Parse(extend.StandardOutput);
        Assert.Equal("done", extended.RootElement.GetProperty("state").GetString());
        Assert.Equal(200 * Mib, extended.RootElement.GetProperty("sizeAfterBytes").GetInt64());
        Assert.Equal(200 * Mib, C.VolumeGroup.GetLvSizeBytes(volume));
        var id = extended.RootElement.GetProperty("requestId").GetInt64();
        Assert.True(requests.ExitCode == 0, requests.StandardError);
        using var listed = JsonDocument.Parse(requests.StandardOutput);
        Assert.Contains(listed.RootElement.GetProperty("requests").EnumerateArray(),
            r => r.GetProperty("id").GetInt64() == id && r.GetProperty("source").GetString() == "admin");
        Assert.True(history.ExitCode == 0, history.StandardError);
        Assert.StartsWith("AT", history.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("done", history.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PolicySet_WithoutToken_Denied_WithToken_Applied()
    {
        var before = await C.Client.GetPolicyAsync();
        var burst = before.HostRequestBurst == 321 ? 123 : 321;

        var denied = await LvxCli.RunAsync("policy", "set", "--host-request-burst", "7", "--coordinator", Address);
        var unchanged = await C.Client.GetPolicyAsync();
        var applied = await LvxCli.RunWithTokenAsync(CoordinatorUnderTest.Token, "policy", "set", "--host-request-burst", burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--coordinator", Address);
        var get = await LvxCli.RunAsync("policy", "get", "--json", "--coordinator", Address);

        Assert.Equal(1, denied.ExitCode);
        Assert.StartsWith("permission denied: ", denied.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, unchanged);
        Assert.True(applied.ExitCode == 0, applied.StandardError);
        Assert.Contains("host-request-burst", applied.StandardOutput, StringComparison.Ordinal);
        using var policy = JsonDocument.Parse(get.StandardOutput);
        Assert.Equal(burst, policy.RootElement.GetProperty("hostRequestBurst").GetInt32());
        Assert.Equal(burst, (await C.Client.GetPolicyAsync()).HostRequestBurst);
    }

    [Fact]
    public async Task Errors_OneLineNoStackTrace_WithExitCodes()
    {
        var unreachable = await LvxCli.RunAsync("hosts", "--coordinator", "http://127.0.0.1:1");
        var badAddress = await LvxCli.RunAsync("hosts", "--coordinator", "ftp://example");
        var badUuid = await LvxCli.RunAsync("extend", "--domain", "not-a-uuid", "--volume", C.Volumes[0].ToString(), "--size-mib", "1",
            "--coordinator", Address);
        var unknownVolume = await LvxCli.RunWithTokenAsync(CoordinatorUnderTest.Token, "extend", "--domain", C.DomainId.ToString(), "--volume", Guid.NewGuid().ToString(),
            "--size-mib", "100", "--coordinator", Address);

        Assert.Equal(1, unreachable.ExitCode);
        Assert.StartsWith("unavailable: cannot reach the coordinator at http://127.0.0.1:1", unreachable.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, badAddress.ExitCode);
        Assert.StartsWith("lvx: --coordinator 'ftp://example'", badAddress.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(0, badUuid.ExitCode);
        Assert.Contains("--domain", badUuid.StandardError, StringComparison.Ordinal);
        Assert.Equal(1, unknownVolume.ExitCode);
        Assert.StartsWith("not found: ", unknownVolume.StandardError, StringComparison.Ordinal);
        foreach (var result in new[] { unreachable, badAddress, badUuid, unknownVolume })
        {
            Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
        }
    }
}
