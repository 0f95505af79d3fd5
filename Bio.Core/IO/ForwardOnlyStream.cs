namespace Bio.Core.IO;

/// <summary>
/// The common base of Bio's read-once stream wrappers (hashing, counting, prefixing): readable,
/// not seekable, not writable. Subclasses only implement <see cref="Stream.Read(byte[], int, int)"/>.
/// </summary>
public abstract class ForwardOnlyStream : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
