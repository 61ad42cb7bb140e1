namespace LvExtend.Lvm.Tests;

public sealed class LvmNamesTests
{
    [Theory]
    [InlineData("vg0", true)]
    [InlineData("0a1b2c3d-0000-4000-8000-000000000001", true)]
    [InlineData("-vg", false)]
    [InlineData("..", false)]
    [InlineData("vg/x", false)]
    [InlineData("", false)]
    public void IsValidVgName_FollowsLvmRules(string name, bool valid)
    {
        Assert.Equal(valid, LvmNames.IsValidVgName(name));
    }

    [Theory]
    [InlineData("lv0", true)]
    [InlineData("snapshot0", false)]
    [InlineData("pvmove0", false)]
    public void IsValidLvName_RefusesReservedPrefixes(string name, bool valid)
    {
        Assert.Equal(valid, LvmNames.IsValidLvName(name));
    }
}
