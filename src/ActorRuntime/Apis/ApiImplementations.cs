using ActorRuntime.Kernel;
using Jint.Native;

namespace ActorRuntime.Apis;

/// <summary>One call of an API function, its arguments already checked and normalized against the schema.</summary>
internal sealed class ApiCall
{
    public required IContextHost Host { get; init; }

    /// <summary>The function as scripts name it under <c>browser</c>: <c>tabs.query</c>, <c>storage.local.get</c>.</summary>
    public required string Name { get; init; }

    /// <summary>One value per parameter of the schema (the callback left out); an omitted optional one is its default or null.</summary>
    public required JsValue[] Arguments { get; init; }

    /// <summary>How an asynchronous function answers (null for a synchronous one, which returns its result).</summary>
    public ApiReply? Reply { get; init; }

    public ContextRealm Realm => Host.Realm;

    public JsValue this[int index] => index < Arguments.Length ? Arguments[index] : JsValue.Null;

    /// <summary>Answers an asynchronous call with <paramref name="value"/> on a later microtask, as a browser answers from its parent process.</summary>
    public JsValue Answer(JsValue value)
    {
        Reply!.Later(reply => reply.Resolve(value));
        return JsValue.Undefined;
    }

    /// <summary>Fails an asynchronous call with <paramref name="message"/> on a later microtask.</summary>
    public JsValue Fail(string message)
    {
        Reply!.Later(reply => reply.Reject(message));
        return JsValue.Undefined;
    }
}

/// <summary>What the runtime does for one function or property of the schema.</summary>
internal sealed record ApiImplementation
{
    /// <summary>The function: a synchronous one returns its result; an asynchronous one settles <see cref="ApiCall.Reply"/> (its return value is ignored).</summary>
    public Func<ApiCall, JsValue>? Function { get; init; }

    /// <summary>The function reads its arguments itself, unchecked (Firefox's <c>allowAmbiguousOptionalArguments</c>: runtime.sendMessage).</summary>
    public bool RawArguments { get; init; }

    /// <summary>A property's value, made when a script first reads it.</summary>
    public Func<IContextHost, JsValue>? Value { get; init; }

    /// <summary>A property read anew each time (<c>runtime.lastError</c>).</summary>
    public Func<IContextHost, JsValue>? Getter { get; init; }

    /// <summary>
    /// For an event: what the runtime's model of the browser does when the host fires it (<c>FireAsync</c>, <c>--fire</c>,
    /// <c>host.fire</c>), given the extension and the arguments' JSON array, before any listener hears it
    /// (<c>idle.onStateChanged</c> sets the state <c>idle.queryState</c> answers). Runs on the supervisor.
    /// </summary>
    public Action<ExtensionKernel, string>? HostFired { get; init; }

    /// <summary>The flavours whose browser has the member (null: every one): <c>runtime.getBrowserInfo</c> is Firefox's only.</summary>
    public IReadOnlyList<Flavor>? OnlyIn { get; init; }
}

/// <summary>Every function and property the runtime implements itself, by its name under <c>browser</c>; each namespace's class adds its own.</summary>
internal static class ApiImplementations
{
    private static readonly Dictionary<string, ApiImplementation> All = Build();

    public static ApiImplementation? Find(string name) => All.GetValueOrDefault(name);

    public static bool Implements(string name) => All.ContainsKey(name);

    private static Dictionary<string, ApiImplementation> Build()
    {
        var registry = new Dictionary<string, ApiImplementation>(StringComparer.Ordinal);
        RuntimeApi.Register(registry);
        ExtensionApi.Register(registry);
        StorageApi.Register(registry);
        Tabs.TabsApi.Register(registry);
        Tabs.WindowsApi.Register(registry);
        Tabs.NavigationApi.Register(registry);
        Toolbar.ActionApi.Register(registry);
        Toolbar.PageRules.Register(registry);
        Panels.OffscreenApi.Register(registry);
        Panels.SidePanelApi.Register(registry);
        RuntimeInfoApi.Register(registry);
        I18nApi.Register(registry);
        PermissionsApi.Register(registry);
        AlarmsApi.Register(registry);
        IdleApi.Register(registry);
        CommandsApi.Register(registry);
        ManagedStorageApi.Register(registry);
        MenusApi.Register(registry);
        NotificationsApi.Register(registry);
        CookiesApi.Register(registry);
        DeclarativeNetRequestApi.Register(registry);
        WebRequest.WebRequestApi.Register(registry);
        Injection.ScriptingApi.Register(registry);
        Injection.TabsInjectionApi.Register(registry);
        return registry;
    }
}
