using System.Runtime.InteropServices;

namespace ActorRuntime.Manifest;

/// <summary>What a directory entry is, as <c>lstat</c> sees it (a final symbolic link is not followed).</summary>
internal enum EntryKind { Missing, RegularFile, Directory, SymbolicLink, NamedPipe, CharacterDevice, BlockDevice, Socket, Unreadable }

/// <param name="Error">Why the entry could not be inspected, when <see cref="Kind"/> is <see cref="EntryKind.Unreadable"/>.</param>
internal readonly record struct EntryStatus(EntryKind Kind, long Size, string? Error = null);

/// <summary>
/// Inspects a path without opening it. .NET reports a named pipe, a device or a socket as an ordinary file (and
/// opening a pipe blocks until someone writes to it), so on Linux the type comes from <c>statx</c>, whose result
/// layout is the same on every architecture. Elsewhere only links, directories and files are told apart.
/// </summary>
internal static class FileEntries
{
    public static EntryStatus Inspect(string path) =>
        OperatingSystem.IsLinux() && _statxAvailable ? InspectWithStatx(path) : InspectPortably(path);

    private static bool _statxAvailable = true;

    private const int AtCurrentDirectory = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtNoAutomount = 0x800;
    private const uint StatxType = 0x1, StatxSize = 0x200;
    private const int ModeOffset = 28, SizeOffset = 40, StatxBufferSize = 256;
    private const int ENOENT = 2, EACCES = 13, ENOTDIR = 20, ENAMETOOLONG = 36, ENOSYS = 38;

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);

    private static EntryStatus InspectWithStatx(string path)
    {
        var buffer = new byte[StatxBufferSize];
        try
        {
            if (Statx(AtCurrentDirectory, path, AtSymlinkNoFollow | AtNoAutomount, StatxType | StatxSize, buffer) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == ENOSYS) return Fallback(path);
                return errno switch
                {
                    ENOENT or ENOTDIR or ENAMETOOLONG => new EntryStatus(EntryKind.Missing, 0),
                    EACCES => new EntryStatus(EntryKind.Unreadable, 0, "permission denied"),
                    _ => new EntryStatus(EntryKind.Unreadable, 0, Marshal.GetPInvokeErrorMessage(errno)),
                };
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return Fallback(path);
        }
        var mode = BitConverter.ToUInt16(buffer, ModeOffset);
        var size = BitConverter.ToInt64(buffer, SizeOffset);
        var kind = (mode & 0xF000) switch
        {
            0x8000 => EntryKind.RegularFile,
            0x4000 => EntryKind.Directory,
            0xA000 => EntryKind.SymbolicLink,
            0x1000 => EntryKind.NamedPipe,
            0x2000 => EntryKind.CharacterDevice,
            0x6000 => EntryKind.BlockDevice,
            0xC000 => EntryKind.Socket,
            _ => EntryKind.Unreadable,
        };
        return kind == EntryKind.Unreadable
            ? new EntryStatus(kind, 0, $"an entry of unknown type (mode {Convert.ToString(mode, 8)})")
            : new EntryStatus(kind, size);

        static EntryStatus Fallback(string path)
        {
            _statxAvailable = false;
            return InspectPortably(path);
        }
    }

    private static EntryStatus InspectPortably(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists && !Directory.Exists(path) && info.LinkTarget is null) return new EntryStatus(EntryKind.Missing, 0);
        if (info.LinkTarget is not null) return new EntryStatus(EntryKind.SymbolicLink, 0);
        if (info.Attributes.HasFlag(FileAttributes.Directory)) return new EntryStatus(EntryKind.Directory, 0);
        return new EntryStatus(EntryKind.RegularFile, info.Length);
    }

    /// <summary>How an entry that is not a regular file is named in a refusal.</summary>
    public static string Describe(EntryKind kind) => kind switch
    {
        EntryKind.Directory => "a directory",
        EntryKind.NamedPipe => "a named pipe (FIFO)",
        EntryKind.CharacterDevice => "a character device",
        EntryKind.BlockDevice => "a block device",
        EntryKind.Socket => "a socket",
        EntryKind.SymbolicLink => "a symbolic link",
        _ => "not a regular file",
    };
}
