using System.Globalization;
using System.Text;
using System.Text.Json;
using Shared.Mailbox;

namespace Lvx.Commands.Mailbox;

/// <summary>Writes a <see cref="MailboxDump"/> as text for people or as the stable JSON of docs/mailbox-format.md.</summary>
internal static class MailboxDumpWriter
{
    /// <summary>The JSON schema version; bump only with a documented, incompatible change.</summary>
    public const int SchemaVersion = 1;

    public static string ToJson(MailboxDump dump)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("schemaVersion", SchemaVersion);
            json.WriteString("inbox", dump.Inbox);
            WriteNullableString(json, "outbox", dump.Outbox);
            json.WriteNumber("maxHosts", dump.MaxHosts);
            WriteNullableString(json, "event", dump.EventId?.ToString());
            if (dump.RingHint is { } hint)
            {
                json.WriteNumber("ringHint", hint);
            }
            else
            {
                json.WriteNull("ringHint");
            }

            json.WriteStartObject("hosts");
            foreach (var host in dump.Hosts)
            {
                json.WriteStartObject(host.HostId.ToString(CultureInfo.InvariantCulture));
                json.WriteString("checksum", ChecksumName(host.Checksum));
                json.WriteNumber("storedChecksum", host.StoredChecksum);
                json.WriteNumber("computedChecksum", host.ComputedChecksum);
                json.WriteStartArray("slots");
                foreach (var slot in host.Slots)
                {
                    json.WriteStartObject();
                    json.WriteNumber("slot", slot.Slot);
                    json.WriteNumber("messageId", slot.MessageId);
                    json.WriteString("kind", KindName(slot.Kind));
                    WriteNullableString(json, "domain", slot.Extend?.Domain.ToString());
                    WriteNullableString(json, "volume", slot.Extend?.Volume.ToString());
                    if (slot.Extend is { } extend)
                    {
                        json.WriteNumber("sizeMib", extend.SizeMib);
                    }
                    else
                    {
                        json.WriteNull("sizeMib");
                    }

                    WriteNullableString(json, "reply", slot.Reply is { } reply ? ReplyName(reply) : null);
                    WriteNullableString(json, "error", slot.Error);
                    json.WriteString("hex", slot.Hex);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static string ToText(MailboxDump dump)
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine(culture, $"inbox {dump.Inbox}{(dump.Outbox is null ? string.Empty : $", outbox {dump.Outbox}")}, hosts 1..{dump.MaxHosts}");
        text.AppendLine(culture, $"events block: {(dump.EventId is { } id ? $"last event {id}" : "never rung")}{(dump.RingHint is { } hint ? $", rung by host {hint}" : string.Empty)}");
        if (dump.Hosts.Count == 0)
        {
            text.AppendLine("no host has mail");
        }

        foreach (var host in dump.Hosts)
        {
            var checksum = host.Checksum switch
            {
                HostBlockStatus.Valid => $"checksum ok (0x{host.StoredChecksum:x8})",
                HostBlockStatus.Empty => $"empty (stored checksum 0x{host.StoredChecksum:x8})",
                _ => $"checksum BAD (stored 0x{host.StoredChecksum:x8}, computed 0x{host.ComputedChecksum:x8}): the manager ignores this block",
            };
            text.AppendLine(culture, $"host {host.HostId}: {checksum}, {host.Slots.Count} non-empty slot(s)");
            foreach (var slot in host.Slots)
            {
                text.Append(culture, $"  slot {slot.Slot,2} (msgId {slot.MessageId}) {KindName(slot.Kind)}");
                if (slot.Extend is { } extend)
                {
                    text.Append(culture, $" domain {extend.Domain} volume {extend.Volume} size {extend.SizeMib} MiB");
                }
                else if (slot.Kind == MailboxMessageKind.Unknown || slot.Error is not null)
                {
                    text.Append(culture, $" {slot.Hex}");
                }

                if (slot.Error is not null)
                {
                    text.Append(culture, $" [{slot.Error}]");
                }

                if (slot.Reply is { } reply)
                {
                    text.Append(culture, $" reply: {ReplyName(reply)}");
                }

                text.AppendLine();
            }
        }

        return text.ToString();
    }

    public static string KindName(MailboxMessageKind kind) => kind switch
    {
        MailboxMessageKind.Empty => "empty",
        MailboxMessageKind.Extend => "extend",
        MailboxMessageKind.Clean => "clean",
        _ => "unknown",
    };

    public static string ReplyName(MailboxReplyState reply) => reply switch
    {
        MailboxReplyState.None => "none",
        MailboxReplyState.Success => "success",
        MailboxReplyState.Failure => "failure",
        MailboxReplyState.Clean => "clean",
        _ => "unrelated",
    };

    public static string ChecksumName(HostBlockStatus status) => status switch
    {
        HostBlockStatus.Valid => "ok",
        HostBlockStatus.Empty => "empty",
        _ => "bad",
    };

    private static void WriteNullableString(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
