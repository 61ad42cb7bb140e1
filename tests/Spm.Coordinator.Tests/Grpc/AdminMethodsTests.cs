using LvExtend.Admin.V1;
using Spm.Coordinator.Grpc;

namespace Spm.Coordinator.Tests.Grpc;

public class AdminMethodsTests
{
    private static readonly string[] Mutations = ["ExtendVolume", "AddPhysicalVolume", "SetPolicy", "StepDown"];

    [Fact]
    public void Classify_EveryMethodOfTheService_OnlyTheMutationsAreMutations()
    {
        var service = AdminReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.ServiceDescriptor>("Admin");
        Assert.Equal(AdminMethods.ServiceName, service.FullName);
        Assert.Equal(9, service.Methods.Count);
        foreach (var method in service.Methods)
        {
            var expected = Mutations.Contains(method.Name) ? AdminCallKind.Mutation : AdminCallKind.Read;
            Assert.Equal(expected, AdminMethods.Classify($"/{service.FullName}/{method.Name}"));
        }
    }

    [Theory]
    [InlineData("/lvextend.admin.v1.Admin/DeleteEverything")]
    [InlineData("/lvextend.admin.v1.Admin/")]
    [InlineData("/lvextend.admin.v1.Admin/getstatus")]
    [InlineData("/other.v1.Admin/GetStatus")]
    [InlineData("/grpc.health.v1.Health/Check")]
    [InlineData("")]
    public void Classify_UnknownMethods_FailClosedAsMutations(string path)
    {
        Assert.Equal(AdminCallKind.Mutation, AdminMethods.Classify(path));
    }
}
