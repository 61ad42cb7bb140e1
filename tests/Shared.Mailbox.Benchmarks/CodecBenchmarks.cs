using BenchmarkDotNet.Attributes;

namespace Shared.Mailbox.Benchmarks;

/// <summary>Encode and decode into caller-supplied buffers: the target is zero allocations.</summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private readonly byte[] _slot = new byte[MailboxLayout.MessageSize];
    private readonly byte[] _block = new byte[MailboxLayout.BlockSize];
    private ExtendMessage _message;

    [GlobalSetup]
    public void Setup()
    {
        _message = new ExtendMessage(
            Guid.Parse("8adbc85e-e554-4ae0-b318-8a5465fe5fe1"), Guid.Parse("d772f1c6-3ebb-43c3-a42e-73fcd8255a5f"), 5120);
        MailboxCodec.EncodeExtend(_message, _slot);
        for (var slot = 0; slot < MailboxLayout.MessagesPerBlock; slot++)
        {
            _slot.CopyTo(_block, slot * MailboxLayout.MessageSize);
        }

        MailboxBlockCodec.SealHostBlock(_block);
    }

    [Benchmark]
    public int EncodeExtend() => MailboxCodec.EncodeExtend(_message, _slot);

    [Benchmark]
    public ExtendMessage DecodeExtend() => MailboxCodec.DecodeExtend(_slot);

    [Benchmark]
    public MailboxMessageKind Classify() => MailboxCodec.Classify(_slot);

    [Benchmark]
    public uint ComputeChecksum() => MailboxBlockCodec.ComputeChecksum(_block);

    [Benchmark]
    public HostBlockStatus CheckHostBlock() => MailboxBlockCodec.CheckHostBlock(_block);
}
