using Akka.Configuration;

namespace ActorRuntime.Configuration;

/// <summary>
/// The defaults shipped in <c>config/actorruntime.hocon</c> (embedded), and the one way every settings type reads its
/// section over them: no default is repeated in code.
/// </summary>
internal static class ShippedConfig
{
    public static Config Defaults { get; } = Load();

    /// <summary><paramref name="config"/> over the shipped defaults (once: layering them twice is harmless but costs a parse).</summary>
    public static Config WithDefaults(Config config) =>
        ReferenceEquals(config, Defaults) ? config : config.WithFallback(Defaults);

    /// <summary>The section <c>actorruntime.&lt;name&gt;</c> of <paramref name="config"/> over the shipped defaults.</summary>
    public static Config Section(Config config, string name) => WithDefaults(config).GetConfig("actorruntime." + name);

    private static Config Load()
    {
        using var stream = typeof(ShippedConfig).Assembly.GetManifestResourceStream("actorruntime.hocon")
                           ?? throw new InvalidOperationException("actorruntime.hocon is not embedded");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
