using System.Collections.Concurrent;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActorRuntime.Hosting.Tests;

/// <summary>An extension named in the hosting options that cannot load is logged with its folder and reason; the others load.</summary>
public sealed class ConfiguredExtensionsSpec(ITestOutputHelper output) : Akka.Hosting.TestKit.TestKit(nameof(ConfiguredExtensionsSpec), output)
{
    private static readonly string Examples = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "examples"));
    private static readonly string Broken = Folder("{ \"manifest_version\": 2, \"name\": ");
    private static readonly string Missing = Path.Combine(Path.GetTempPath(), "actorruntime-no-such-folder-" + Guid.NewGuid().ToString("N"));

    private readonly CapturedLog _log = new();

    private readonly ActorRuntimeHostingOptions _options = new()
    {
        AskTimeout = TimeSpan.FromSeconds(20),
        StorageProvider = "memory",
        Extensions = { Broken, Missing, Path.Combine(Examples, "getbackgroundpage") },
    };

    protected override void ConfigureServices(HostBuilderContext context, IServiceCollection services)
    {
        services.AddActorRuntimeServices(_options);
        services.AddSingleton<ILoggerProvider>(_log);
    }

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) => builder.WithActorRuntime(_options);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_folder_that_fails_to_load_is_an_error_naming_it_and_the_others_still_load()
    {
        using var cleanup = new DeleteOnDispose(Broken);
        var runtime = Host.Services.GetRequiredService<IExtensionRuntime>();
        await AwaitAssertAsync(async () => Assert.Equal(["getbackgroundpage"], await runtime.ExtensionsAsync(cancellationToken: Cancel)),
            TimeSpan.FromSeconds(20), cancellationToken: Cancel);
        await AwaitAssertAsync(() =>
        {
            var errors = _log.Errors.OrderBy(line => line.Contains(Missing, StringComparison.Ordinal)).ToList();
            Assert.Equal(2, errors.Count);
            Assert.StartsWith($"extension {Broken} was not loaded: ", errors[0], StringComparison.Ordinal);
            Assert.Contains("manifest.json", errors[0], StringComparison.Ordinal);
            Assert.StartsWith($"extension {Missing} was not loaded: ", errors[1], StringComparison.Ordinal);
            Assert.All(errors, line => Assert.DoesNotContain("\n", line, StringComparison.Ordinal));
        }, TimeSpan.FromSeconds(20), cancellationToken: Cancel);
    }

    private static string Folder(string manifest)
    {
        var folder = Directory.CreateTempSubdirectory("actorruntime-broken-").FullName;
        File.WriteAllText(Path.Combine(folder, "manifest.json"), manifest);
        return folder;
    }

    private sealed class DeleteOnDispose(string folder) : IDisposable
    {
        public void Dispose() => Directory.Delete(folder, recursive: true);
    }

    /// <summary>The host's error lines, as a user's log would show them.</summary>
    private sealed class CapturedLog : ILoggerProvider, ILogger
    {
        private readonly ConcurrentQueue<string> _errors = new();

        public IReadOnlyList<string> Errors => _errors.ToArray();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) _errors.Enqueue(formatter(state, exception));
        }

        public void Dispose()
        {
        }
    }
}
