namespace LvExtend.Lvm.Tests;

public sealed class LvmDefaultsTests
{
    [Fact]
    public void Binary_IsTheSingleLvmCommand() => Assert.Equal("lvm", LvmDefaults.Binary);
}
