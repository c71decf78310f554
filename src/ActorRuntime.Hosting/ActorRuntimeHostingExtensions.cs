using ActorRuntime.Lifecycle;
using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
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
    /// </summary>
    public static AkkaConfigurationBuilder WithActorRuntime(this AkkaConfigurationBuilder builder, ActorRuntimeHostingOptions options, Config? layered = null)
    {
        var typed = ConfigurationFactory.ParseString(options.ToHocon()).WithFallback(layered ?? Config.Empty);
        builder.AddHocon(typed, HoconAddMode.Prepend);
        builder.AddHocon(RuntimeOptions.DefaultConfig, HoconAddMode.Append);
        // Storage: the persistence plugin settings that actorruntime.storage stands for, under anything configured explicitly.
        builder.AddHocon(Storage.StorageSettings.PersistenceConfig(typed), HoconAddMode.Append);
        Storage.StorageSettings.PrepareSqliteFolder(typed);
        builder.WithActors((system, registry, resolver) =>
        {
            var broadcast = resolver.GetService<ConsoleBroadcast>();
            var runtimeOptions = RuntimeOptions.FromConfig(system.Settings.Config) with
            {
                Clock = options.Clock,
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
        services.AddSingleton<IExtensionRuntime>(provider =>
        {
            var system = provider.GetRequiredService<ActorSystem>();
            var router = provider.GetRequiredService<IRequiredActor<ExtensionRouter>>();
            var askTimeout = RuntimeOptions.FromConfig(system.Settings.Config).AskTimeout;
            return new LocalExtensionRuntime(system, router.GetAsync, askTimeout, provider.GetRequiredService<ConsoleBroadcast>().Subscribers);
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
