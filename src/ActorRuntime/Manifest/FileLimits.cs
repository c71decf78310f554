using ActorRuntime.Configuration;
using Akka.Configuration;

namespace ActorRuntime.Manifest;

/// <summary>Bounds on what an extension folder may hand the runtime (HOCON <c>actorruntime.files</c>); a file past one is refused.</summary>
public sealed record FileLimits
{
    /// <summary>The shipped defaults of <c>config/actorruntime.hocon</c>.</summary>
    public static FileLimits Default { get; } = FromConfig(ShippedConfig.Defaults);

    /// <summary>The largest file (manifest, script, page) read from an extension folder, in bytes.</summary>
    public required long MaxFileSize { get; init; }

    /// <summary>The deepest nesting of elements an extension page may have.</summary>
    public required int MaxHtmlDepth { get; init; }

    private const long LargestFileSize = 1L << 30;
    private const int DeepestHtmlDepth = 10_000;

    public const string MaxFileSizeKey = "actorruntime.files.max-file-size";
    public const string MaxHtmlDepthKey = "actorruntime.files.max-html-depth";

    /// <summary>The limits of <paramref name="config"/>, with the shipped defaults for keys it does not set.</summary>
    public static FileLimits FromConfig(Config config)
    {
        var full = ShippedConfig.WithDefaults(config);
        var size = full.GetByteSize(MaxFileSizeKey) ?? 0;
        if (size is < 1 or > LargestFileSize)
            throw new ConfigurationException($"{MaxFileSizeKey}: expected a size from 1 byte to 1 GiB (a .NET string holds no more), got \"{full.GetString(MaxFileSizeKey)}\"");
        var depth = full.GetInt(MaxHtmlDepthKey);
        if (depth is < 1 or > DeepestHtmlDepth)
            throw new ConfigurationException($"{MaxHtmlDepthKey}: expected a depth from 1 to {DeepestHtmlDepth} (parsing time grows with its square), got {depth}");
        return new FileLimits { MaxFileSize = size, MaxHtmlDepth = depth };
    }

    /// <summary>A byte count as people write it: 64 MiB, 512 KiB, 1000 bytes.</summary>
    internal static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 when bytes % (1L << 30) == 0 => $"{bytes >> 30} GiB",
        >= 1L << 20 when bytes % (1L << 20) == 0 => $"{bytes >> 20} MiB",
        >= 1L << 10 when bytes % (1L << 10) == 0 => $"{bytes >> 10} KiB",
        _ => $"{bytes} bytes",
    };
}
