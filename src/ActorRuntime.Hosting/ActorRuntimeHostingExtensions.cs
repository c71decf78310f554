using ActorRuntime.Kernel;
using ActorRuntime.Lifecycle;
using ActorRuntime.Storage;
using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Persistence.Hosting;
using Akka.Persistence.Sql.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static ActorRuntime.Lifecycle.ExtensionRouter.Protocol;

namespace ActorRuntime.Hosting;

/// <summary>Embeds ActorRuntime in any Akka.Hosting application.</summary>
public static class ActorRuntimeHostingExtensions
{
    /// <summary>
    /// Adds the runtime to an actor system: the typed options over the shipped HOCON defaults, and the
    /// <see cref="ExtensionRouter"/> in the <see cref="ActorRegistry"/> (resolve it with <c>IRequiredActor&lt;ExtensionRouter&gt;</c>).
    /// The extensions named in <see cref="ActorRuntimeHostingOptions.Extensions"/> are loaded at start.
    /// Use <see cref="AddActorRuntime"/> for the whole of it, the <see cref="IExtensionRuntime"/> facade included.
    /// <paramref name="layered"/>: configuration the host layers over the defaults itself (files), consulted for the storage provider.
    /// Storage is configured through the plugins' Akka.Hosting builders (Akka.Persistence.Sql.Hosting's <c>WithSqlPersistence</c>,
    /// Akka.Persistence.Hosting's in-memory journal and snapshot store), which put their <c>akka.persistence</c> settings over
    /// all HOCON added to <paramref name="builder"/> before this call. Explicit <c>akka.persistence.*</c> settings win when they
    /// are in <paramref name="layered"/>, or added with <see cref="HoconAddMode.Prepend"/> after this call.
    /// </summary>
    public static AkkaConfigurationBuilder WithActorRuntime(this AkkaConfigurationBuilder builder, ActorRuntimeHostingOptions options, Config? layered = null)
    {
        var typed = ConfigurationFactory.ParseString(options.ToHocon()).WithFallback(layered ?? Config.Empty);
        // Storage first: Akka.Hosting's persistence builders put their settings over everything the builder holds so far.
        // typed, prepended after them, puts the explicit akka.persistence.* of layered back on top.
        builder.WithPersistence(StorageSettings.Store(typed));
        builder.AddHocon(typed, HoconAddMode.Prepend);
        builder.AddHocon(RuntimeOptions.DefaultConfig, HoconAddMode.Append);
        StorageSettings.PrepareSqliteFolder(typed);
        var responses = options.CheckedResponses();
        builder.WithActors((system, registry, resolver) =>
        {
            var broadcast = resolver.GetService<ConsoleBroadcast>();
            var runtimeOptions = RuntimeOptions.FromConfig(system.Settings.Config) with
            {
                Clock = options.Clock,
                Responses = responses,
                CallLog = resolver.GetService<ApiCallLog>(),
                HostScripts = options.HostScripts.ToList(),
                Console = entry =>
                {
                    broadcast.Publish(entry);
                    options.Console?.Invoke(entry);
                },
            };
            var router = system.ActorOf(ExtensionRouter.Props(runtimeOptions), "extensions");
            registry.Register<ExtensionRouter>(router);
            var logger = resolver.GetService<ILoggerFactory>().CreateLogger("ActorRuntime.Hosting");
            foreach (var directory in options.Extensions) LoadConfigured(router, directory, runtimeOptions.AskTimeout, logger);
        });
        return builder;
    }

    /// <summary>
    /// The journal and snapshot store <paramref name="store"/> describes, through the plugins' own Akka.Hosting builders:
    /// Akka.Persistence.Sql.Hosting's for a database, Akka.Persistence.Hosting's for memory. Each makes its plugin the default.
    /// </summary>
    private static AkkaConfigurationBuilder WithPersistence(this AkkaConfigurationBuilder builder, PersistenceStore store) => store switch
    {
        PersistenceStore.Memory => builder.WithInMemoryJournal().WithInMemorySnapshotStore(),
        PersistenceStore.Sql sql => builder.WithSqlPersistence(sql.ConnectionString, sql.ProviderName, autoInitialize: true),
        _ => throw new InvalidOperationException($"no persistence builder for {store}"),
    };

    /// <summary>
    /// Loads an extension named in the options. One that fails is logged as an error with its folder and the reason,
    /// and the host goes on with the others: a host of many extensions keeps serving when one folder is bad.
    /// </summary>
    private static void LoadConfigured(IActorRef router, string directory, TimeSpan timeout, ILogger logger) =>
        router.Ask<Loaded>(new Load(directory), timeout).ContinueWith(loading =>
        {
            if (loading.Exception is { } failure)
                logger.LogError("extension {Directory} was not loaded: {Reason}", directory, failure.GetBaseException().Message);
        }, TaskScheduler.Default);

    /// <summary>
    /// The services <see cref="WithActorRuntime"/> relies on and the in-process <see cref="IExtensionRuntime"/>, for a host
    /// that calls <c>AddAkka</c> itself (an Akka.Hosting test kit, an application with its own actor system setup).
    /// </summary>
    public static IServiceCollection AddActorRuntimeServices(this IServiceCollection services, ActorRuntimeHostingOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(provider => new ConsoleBroadcast(provider.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(new ApiCallLog { Receiver = options.Calls });
        services.AddSingleton<IExtensionRuntime>(provider =>
        {
            var system = provider.GetRequiredService<ActorSystem>();
            var router = provider.GetRequiredService<IRequiredActor<ExtensionRouter>>();
            var askTimeout = RuntimeOptions.FromConfig(system.Settings.Config).AskTimeout;
            return new LocalExtensionRuntime(system, router.GetAsync, askTimeout, provider.GetRequiredService<ConsoleBroadcast>().Subscribers,
                provider.GetRequiredService<ApiCallLog>().Subscribers);
        });
        return services;
    }

    /// <summary>
    /// Adds an actor system named <paramref name="actorSystemName"/> hosting the runtime, and the
    /// <see cref="IExtensionRuntime"/> client. <paramref name="configureAkka"/> adds anything else (clustering, logging).
    /// </summary>
    public static IServiceCollection AddActorRuntime(this IServiceCollection services, string actorSystemName,
        Action<ActorRuntimeHostingOptions>? configure = null, Action<AkkaConfigurationBuilder, IServiceProvider>? configureAkka = null)
    {
        var options = new ActorRuntimeHostingOptions();
        configure?.Invoke(options);
        services.AddActorRuntimeServices(options);
        services.AddAkka(actorSystemName, (builder, provider) =>
        {
            builder.WithActorRuntime(options);
            configureAkka?.Invoke(builder, provider);
        });
        return services;
    }
}
