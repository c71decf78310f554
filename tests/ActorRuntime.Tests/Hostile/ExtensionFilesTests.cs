using ActorRuntime.Kernel;
using ActorRuntime.Manifest;
using Akka.Configuration;

namespace ActorRuntime.Tests.Hostile;

/// <summary>The pieces under <see cref="ExtensionFiles"/>: what an entry is before it is opened, reads bounded by the limit, the limits' settings.</summary>
public class ExtensionFilesTests
{
    [Fact]
    public void Entries_are_told_apart_without_being_opened()
    {
        using var sandbox = new HostileSandbox(new Dictionary<string, string> { ["file.js"] = "12345" });
        sandbox.Fifo("pipe");
        sandbox.Folder("folder");
        sandbox.Link("link", "file.js");
        string At(string name) => Path.Combine(sandbox.Extension, name);

        Assert.Equal(new EntryStatus(EntryKind.RegularFile, 5), FileEntries.Inspect(At("file.js")));
        Assert.Equal(EntryKind.NamedPipe, FileEntries.Inspect(At("pipe")).Kind);
        Assert.Equal(EntryKind.Directory, FileEntries.Inspect(At("folder")).Kind);
        Assert.Equal(EntryKind.SymbolicLink, FileEntries.Inspect(At("link")).Kind);
        Assert.Equal(EntryKind.Missing, FileEntries.Inspect(At("nothing")).Kind);
        Assert.Equal(EntryKind.Missing, FileEntries.Inspect(At("file.js/below")).Kind);
        Assert.Equal(EntryKind.CharacterDevice, FileEntries.Inspect("/dev/null").Kind);
    }

    /// <summary>A stream that never ends, counting what was taken from it.</summary>
    private sealed class EndlessStream : Stream
    {
        public long Taken { get; private set; }
        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Fill(buffer, (byte)'x', offset, count);
            Taken += count;
            return count;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Taken; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(100_000)]
    public void A_file_that_grows_is_never_read_past_one_byte_over_the_limit(long announced)
    {
        // /dev/zero-like content behind a size that said otherwise (a file appended to while it is read).
        var stream = new EndlessStream();
        var (_, length) = ExtensionFiles.ReadAtMost(stream, announced, limit: 65_536);
        Assert.Equal(65_537, length);
        Assert.Equal(65_537, stream.Taken);
    }

    [Fact]
    public void The_limits_come_from_hocon_and_bad_values_are_one_line()
    {
        Assert.Equal(new FileLimits { MaxFileSize = 64L << 20, MaxHtmlDepth = 512 }, FileLimits.Default);
        Assert.Equal(new FileLimits { MaxFileSize = 1024, MaxHtmlDepth = 512 },
            FileLimits.FromConfig(ConfigurationFactory.ParseString("actorruntime.files.max-file-size = 1KiB")));
        Assert.Equal(FileLimits.Default with { MaxHtmlDepth = 64 },
            RuntimeOptions.FromConfig(ConfigurationFactory.ParseString("actorruntime.files.max-html-depth = 64").WithFallback(RuntimeOptions.DefaultConfig)).Files);
        Assert.Equal("actorruntime.files.max-file-size: expected a size from 1 byte to 1 GiB (a .NET string holds no more), got \"0\"",
            Assert.Throws<ConfigurationException>(() => FileLimits.FromConfig(ConfigurationFactory.ParseString("actorruntime.files.max-file-size = 0"))).Message);
        Assert.Equal("actorruntime.files.max-file-size: expected a size from 1 byte to 1 GiB (a .NET string holds no more), got \"2GiB\"",
            Assert.Throws<ConfigurationException>(() => FileLimits.FromConfig(ConfigurationFactory.ParseString("actorruntime.files.max-file-size = 2GiB"))).Message);
        Assert.Equal("actorruntime.files.max-html-depth: expected a depth from 1 to 10000 (parsing time grows with its square), got 0",
            Assert.Throws<ConfigurationException>(() => FileLimits.FromConfig(ConfigurationFactory.ParseString("actorruntime.files.max-html-depth = 0"))).Message);
    }
}
