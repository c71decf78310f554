using System.Text.Json;
using ActorRuntime.Scripting;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace ActorRuntime.Kernel;

/// <summary>
/// The host's scripts for one extension (<c>run --host file.js</c>, <see cref="IExtensionRuntime.RunHostScriptAsync"/>):
/// an engine of their own that extension code never reaches, with a <c>host</c> object to provide API functions, answer
/// requests, fire events, give the managed storage policy, read the calls made and the extension's menu items
/// (<c>host.menus()</c>). Values cross between it and the extension's engines as JSON only.
/// </summary>
internal sealed class HostScriptEngine
{
    private readonly ExtensionKernel _extension;
    private readonly Engine _engine;
    private readonly object _gate = new();

    public HostScriptEngine(ExtensionKernel extension)
    {
        _extension = extension;
        var limits = extension.Options.Limits;
        _engine = new Engine(options =>
        {
            options.TimeoutInterval(limits.Timeout);
            options.LimitRecursion(limits.MaxRecursionDepth);
            options.LimitMemory(limits.MaxAllocatedBytes);
            options.Constraints.MaxArraySize = limits.MaxArraySize;
            options.Constraints.StackOverflowGuard = true;
            options.RegexTimeoutInterval(limits.Timeout);
        });
        var host = new JsObject(_engine);
        host.Method("provide", (_, args) => Provide(args));
        host.Method("respond", (_, args) => Respond(args));
        host.Method("fire", (_, args) => Fire(args));
        host.Method("calls", (_, _) => Calls());
        host.Method("setManagedStorage", (_, args) => SetManagedStorage(args));
        HostBrowser.Install(host, _engine, extension);
        // The extension's menu items, as IExtensionRuntime.MenusAsync gives them (a click is host.fire('menus.onClicked', { menuItemId })).
        host.Method("menus", (_, _) => new Jint.Native.Json.JsonParser(_engine).Parse(_extension.HostIfAny?.MenusIfAny?.ToJson() ?? "[]"));
        _engine.SetValue("host", host);
        var console = new JsObject(_engine);
        foreach (var level in new[] { "log", "info", "warn", "error", "debug" })
            console.Method(level, (_, args) =>
            {
                _extension.Report(new ConsoleEntry("host", level, string.Join(" ", args.Select(a => a.IsString() ? a.AsString() : Json(a)))));
                return JsValue.Undefined;
            });
        _engine.SetValue("console", console);
    }

    /// <summary>Runs a host script; what it throws is reported as the host's uncaught error (and returned).</summary>
    public string? Run(string code, string fileName)
    {
        lock (_gate)
        {
            try
            {
                _engine.Execute(code, fileName);
                _engine.Advanced.ProcessTasks();
                return null;
            }
            catch (Exception ex) when (ErrorReport.IsScriptFailure(ex) || ex is TimeoutException)
            {
                var message = $"Uncaught {Describe(ex)} ({fileName})";
                _extension.Report(new ConsoleEntry("host", "error", message));
                return message;
            }
        }
    }

    private string Describe(Exception ex) => ex switch
    {
        JavaScriptException js => ErrorReport.DescribeValue(js.Error),
        _ => "InternalError: " + Stopped(ex),
    };

    /// <summary>Why the host's script was stopped, in the runtime's words (never .NET's), naming the limit.</summary>
    private string Stopped(Exception ex)
    {
        var limits = _extension.Options.Limits;
        return ex switch
        {
            TimeoutException or ExecutionCanceledException => $"it ran longer than {limits.Timeout.TotalMilliseconds:0} ms (actorruntime.script.timeout)",
            MemoryLimitExceededException => $"it allocated more than {limits.MaxAllocatedBytes} bytes (actorruntime.script.max-allocated-bytes)",
            RecursionDepthOverflowException => "too much recursion",
            Acornima.ParseErrorException parse => "SyntaxError: " + parse.Description,
            _ => ErrorReport.Describe(ex).Replace("Uncaught ", "", StringComparison.Ordinal),
        };
    }

    private string Json(JsValue value)
    {
        var text = _engine.Invoke(_engine.Global.Get("JSON").Get("stringify"), value);
        return text.IsString() ? text.AsString() : "undefined";
    }

    /// <summary><c>host.provide(name, fn)</c>: <c>fn</c> answers every call of the API function <c>name</c> (e.g. "find.find").</summary>
    private JsValue Provide(JsValue[] args)
    {
        if (args.Length < 2 || !args[0].IsString() || !args[1].IsCallable())
            throw new JavaScriptException(_engine.Intrinsics.TypeError, "host.provide(name, fn): expected an API function name such as \"find.find\" and a function");
        var name = args[0].AsString();
        if (ApiHost.IsApiFunction is { } known && !known(name))
            throw new JavaScriptException(_engine.Intrinsics.TypeError, $"host.provide: the API has no function {name}");
        var function = args[1];
        _extension.Host.Provide(name, argumentsJson => Task.FromResult(Call(name, function, argumentsJson)));
        return JsValue.Undefined;
    }

    /// <summary>Calls a provided function with the call's arguments; its value (or what its promise settles to, within its own jobs) as JSON.</summary>
    private string? Call(string name, JsValue function, string argumentsJson)
    {
        lock (_gate)
        {
            JsValue result;
            try
            {
                var arguments = new Jint.Native.Json.JsonParser(_engine).Parse(argumentsJson) is JsArray array ? array.ToArray() : [];
                result = _engine.Invoke(function, arguments);
                if (result is ObjectInstance thenable && thenable.Get("then") is var then && then.IsCallable())
                {
                    // Settled by its own jobs, or not at all: the host engine has no timers or events to wait for.
                    (JsValue Value, bool Rejected)? outcome = null;
                    _engine.Invoke(then, thenable, [
                        new ClrFunction(_engine, "", (_, a) => { outcome = (a.Length > 0 ? a[0] : JsValue.Undefined, false); return JsValue.Undefined; }),
                        new ClrFunction(_engine, "", (_, a) => { outcome = (a.Length > 0 ? a[0] : JsValue.Undefined, true); return JsValue.Undefined; }),
                    ]);
                    _engine.Advanced.ProcessTasks();
                    if (outcome is not { } settled) throw new ProvidedFunctionException($"the host's function for {name} returned a promise that did not settle");
                    if (settled.Rejected) throw new ProvidedFunctionException(ErrorReport.MessageOfValue(settled.Value));
                    result = settled.Value;
                }
                else _engine.Advanced.ProcessTasks();
                // What JSON cannot hold (a function, a symbol) is undefined, as JSON.stringify makes it.
                return Json(result) is var json && json != "undefined" ? json : null;
            }
            catch (JavaScriptException ex)
            {
                throw new ProvidedFunctionException(ErrorReport.MessageOfValue(ex.Error));
            }
            catch (Exception ex) when (ErrorReport.IsScriptFailure(ex) || ex is TimeoutException)
            {
                throw new ProvidedFunctionException($"the host's function for {name} was stopped: {Stopped(ex)}");
            }
        }
    }

    /// <summary>
    /// <c>host.respond(pattern, response[, {delay}])</c>: a string or object is the JSON body of a 200 response; <c>delay</c>
    /// (milliseconds on the runtime's clock) makes it arrive late.
    /// </summary>
    private JsValue Respond(JsValue[] args)
    {
        if (args.Length < 2 || !args[0].IsString() || args[1].IsUndefined() || args[1].IsCallable() || args[1].IsSymbol())
            throw new JavaScriptException(_engine.Intrinsics.TypeError, "host.respond(pattern, response): expected a match pattern and a response body (a string, or a value JSON can hold)");
        var body = args[1].IsString() ? args[1].AsString() : Json(args[1]);
        var delay = args.Length > 2 && args[2] is Jint.Native.Object.ObjectInstance options ? TypeConverter.ToNumber(options.Get("delay")) : 0;
        if (double.IsNaN(delay) || delay < 0 || delay > TimeSpan.FromDays(1).TotalMilliseconds)
            throw new JavaScriptException(_engine.Intrinsics.TypeError, "host.respond(pattern, response, options): options.delay: expected milliseconds from 0 to 86400000");
        var response = ResponseSpec.Json(body) with { Delay = TimeSpan.FromMilliseconds(delay) };
        if (OfflineNetwork.Refusal(args[0].AsString(), response) is { } refusal) throw new JavaScriptException(_engine.Intrinsics.TypeError, refusal);
        _extension.Network.Register(args[0].AsString(), response);
        return JsValue.Undefined;
    }

    /// <summary><c>host.fire(name, ...args)</c>: fires the event in the extension (after the host script's turn).</summary>
    private JsValue Fire(JsValue[] args)
    {
        if (args.Length < 1 || !args[0].IsString())
            throw new JavaScriptException(_engine.Intrinsics.TypeError, "host.fire(name, ...args): expected an event name such as \"tabs.onCreated\"");
        var arguments = new JsArray(_engine, args[1..]);
        // Counted: a caller waiting for the extension to settle sees what the event caused.
        _extension.Work.Send(_extension.Supervisor, new SupervisorSignals.FireFromHost(args[0].AsString(), Json(arguments)), Akka.Actor.ActorRefs.NoSender);
        return JsValue.Undefined;
    }

    /// <summary>
    /// <c>host.setManagedStorage(policy)</c>: what <c>storage.managed</c> answers from now on, as an administrator's policy
    /// for the extension (each property one item); <c>null</c> takes the policy away.
    /// </summary>
    private JsValue SetManagedStorage(JsValue[] args)
    {
        var policy = args.Length > 0 ? args[0] : JsValue.Undefined;
        if (policy.IsNull())
        {
            _extension.Host.ManagedStorage = null;
            return JsValue.Undefined;
        }
        if (policy is not ObjectInstance items || items.IsArray() || items.IsCallable())
            throw new JavaScriptException(_engine.Intrinsics.TypeError, "host.setManagedStorage(policy): expected an object of items such as { blockAds: true }, or null");
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in items.GetOwnPropertyKeys(Types.String))
        {
            // Values JSON cannot hold (functions, undefined) are left out, as storage leaves them out.
            var json = Json(items.Get(key));
            if (json != "undefined") stored[key.ToString()] = json;
        }
        _extension.Host.ManagedStorage = stored;
        return JsValue.Undefined;
    }

    /// <summary><c>host.calls()</c>: the calls the extension made so far, newest last.</summary>
    private JsValue Calls()
    {
        var calls = _extension.Host.RecentCalls.Where(c => c.IsSettled || c.IsAsync == false).Select(c => new
        {
            label = c.Label,
            name = c.Function,
            arguments = JsonDocument.Parse(c.ArgumentsJson).RootElement,
            result = c.ResultJson is null ? (JsonElement?)null : JsonDocument.Parse(c.ResultJson).RootElement,
            error = c.Error,
        });
        return new Jint.Native.Json.JsonParser(_engine).Parse(JsonSerializer.Serialize(calls));
    }
}

/// <summary>A host-provided function failed: the call fails with this message.</summary>
internal sealed class ProvidedFunctionException(string message) : Exception(message);
