using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Hsm.Agent.Libvirt;

/// <summary>Reads the disks of a domain's XML (<c>virDomainGetXMLDesc</c>); never throws on odd XML.</summary>
internal static class LibvirtDomainXml
{
    /// <summary>The <c>devices/disk</c> elements with a target; null when the XML does not parse.</summary>
    public static IReadOnlyList<LibvirtDisk>? TryParseDisks(string xml)
    {
        XDocument document;
        try
        {
            document = XDocument.Parse(xml);
        }
        catch (XmlException)
        {
            return null;
        }

        var disks = new List<LibvirtDisk>();
        foreach (var disk in document.Root?.Element("devices")?.Elements("disk") ?? [])
        {
            var target = (string?)disk.Element("target")?.Attribute("dev");
            if (string.IsNullOrEmpty(target))
            {
                continue;
            }

            var source = disk.Element("source");
            var path = (string?)source?.Attribute("dev") ?? (string?)source?.Attribute("file") ?? string.Empty;
            int? index = int.TryParse((string?)source?.Attribute("index"), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : null;
            disks.Add(new LibvirtDisk(
                (string?)disk.Attribute("type") ?? string.Empty,
                (string?)disk.Attribute("device") ?? "disk",
                (string?)disk.Element("driver")?.Attribute("type") ?? string.Empty,
                path,
                target,
                index,
                disk.Element("readonly") is not null));
        }

        return disks;
    }
}
