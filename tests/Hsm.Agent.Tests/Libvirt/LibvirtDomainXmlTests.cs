using Hsm.Agent.Libvirt;

namespace Hsm.Agent.Tests.Libvirt;

public sealed class LibvirtDomainXmlTests
{
    // As libvirt 9.0 returns it for a running transient domain (trimmed).
    private const string Running = """
        <domain type='qemu' id='3'>
          <name>lvx-abc</name>
          <devices>
            <emulator>/usr/bin/qemu-system-x86_64</emulator>
            <disk type='block' device='disk'>
              <driver name='qemu' type='qcow2' cache='none' error_policy='stop' io='threads'/>
              <source dev='/dev/vg1/5a0c0a40-7d1b-4c3e-9d5b-0e1f2a3b4c5d' index='1'/>
              <backingStore/>
              <target dev='vda' bus='virtio'/>
              <alias name='virtio-disk0'/>
            </disk>
            <disk type='file' device='disk'>
              <driver name='qemu' type='raw'/>
              <source file='/var/lib/images/scratch.img' index='2'/>
              <target dev='vdb' bus='virtio'/>
            </disk>
            <disk type='block' device='cdrom'>
              <driver name='qemu' type='raw'/>
              <target dev='hdc' bus='ide'/>
              <readonly/>
            </disk>
            <disk type='block' device='disk'>
              <driver name='qemu' type='qcow2'/>
              <source dev='/dev/vg1/ro'/>
              <target dev='vdc' bus='virtio'/>
              <readonly/>
            </disk>
          </devices>
        </domain>
        """;

    [Fact]
    public void TryParseDisks_RunningDomain_ReadsTypeFormatSourceTargetIndexAndReadOnly()
    {
        var disks = LibvirtDomainXml.TryParseDisks(Running)!;

        Assert.Equal(4, disks.Count);
        var vda = disks[0];
        Assert.Equal(new LibvirtDisk("block", "disk", "qcow2", "/dev/vg1/5a0c0a40-7d1b-4c3e-9d5b-0e1f2a3b4c5d", "vda", 1, false), vda);
        Assert.Equal("vda[1]", vda.ThresholdTarget);
        Assert.Equal(("file", "/var/lib/images/scratch.img", "vdb"), (disks[1].Type, disks[1].SourcePath, disks[1].Target));
        Assert.Equal(("cdrom", string.Empty, true), (disks[2].Device, disks[2].SourcePath, disks[2].ReadOnly));
        Assert.True(disks[3].ReadOnly);
        Assert.Equal("vdc", disks[3].ThresholdTarget);
    }

    [Theory]
    [InlineData("<domain type='qemu'><name>x</name></domain>")]
    [InlineData("<domain type='qemu'><name>x</name><devices><serial type='pty'/></devices></domain>")]
    [InlineData("<domain><devices><disk type='block'><source dev='/dev/a/b'/></disk></devices></domain>")]
    public void TryParseDisks_NoUsableDisk_Empty(string xml)
    {
        Assert.Empty(LibvirtDomainXml.TryParseDisks(xml)!);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<domain>")]
    [InlineData("not xml at all")]
    public void TryParseDisks_Malformed_Null(string xml)
    {
        Assert.Null(LibvirtDomainXml.TryParseDisks(xml));
    }
}
