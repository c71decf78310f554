using System.Text.Json;
using ActorRuntime.Apis.Tabs;
using ActorRuntime.Kernel;
using ActorRuntime.Manifest;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime.Interop;

namespace ActorRuntime.Apis.Injection;

/// <summary>
/// Content scripts an extension registers while it runs: <c>scripting.registerContentScripts</c>,
/// <c>getRegisteredContentScripts</c>, <c>updateContentScripts</c>, <c>unregisterContentScripts</c> (by id, checked in
/// each browser's order and words), and Firefox's <c>contentScripts.register</c> (a handle to <c>unregister()</c>;
/// gone with the context that registered it). They are injected on later navigations like the manifest's, where the
/// extension holds a host permission for the page.
/// </summary>
internal static class ScriptRegistrationApi
{
    public static void Register(Dictionary<string, ApiImplementation> registry)
    {
        registry["scripting.registerContentScripts"] = new() { Function = RegisterScripts };
        registry["scripting.updateContentScripts"] = new() { Function = UpdateScripts };
        registry["scripting.getRegisteredContentScripts"] = new() { Function = GetScripts };
        registry["scripting.unregisterContentScripts"] = new() { Function = UnregisterScripts };
        registry["contentScripts.register"] = new() { Function = RegisterHandle, OnlyIn = [Flavor.Mdn, Flavor.Firefox] };
    }

    private static bool Chromium(ApiCall call) => call.Realm.Extension.Flavor == Flavor.Chrome;

    private static JsValue RegisterScripts(ApiCall call)
    {
        var registry = RegisteredScripts.Of(call.Realm.Extension);
        var existing = registry.Entries;
        var added = new List<Registration>();
        var inputs = Items(call[0]);
        // Chromium checks every id first, then each script; Firefox checks each script in turn.
        if (Chromium(call))
            for (var i = 0; i < inputs.Count; i++)
                if (IdProblem(call, TabCalls.Text(inputs[i], "id") ?? "", existing, inputs.Take(i).Select(earlier => TabCalls.Text(earlier, "id"))) is { } problem)
                    return call.Fail(problem);
        foreach (var input in inputs)
        {
            var id = TabCalls.Text(input, "id") ?? "";
            if (!Chromium(call) && IdProblem(call, id, existing, added.Select(a => a.Id)) is { } problem) return call.Fail(problem);
            var (registration, refusal) = Read(call, input, id, previous: null);
            if (refusal is not null) return call.Fail(refusal);
            added.Add(registration!);
        }
        if (TooMany(call, existing.Count + added.Count) is { } tooMany) return call.Fail(tooMany);
        registry.Change(current => current.Concat(added));
        return call.Answer(JsValue.Undefined);
    }

    /// <summary>Why an id cannot be registered, in the flavour's words; null when it can.</summary>
    private static string? IdProblem(ApiCall call, string id, IReadOnlyList<Registration> existing, IEnumerable<string?> earlierInCall)
    {
        var chromium = Chromium(call);
        if (id.Length == 0) return chromium ? "Script's ID must not be empty" : "Invalid content script id.";
        if (id.StartsWith('_')) return chromium ? $"Script's ID '{id}' must not start with '_'" : "Invalid content script id.";
        if (existing.Any(entry => entry.Id == id)) return chromium ? $"Duplicate script ID '{id}'" : $"Content script with id \"{id}\" is already registered.";
        if (earlierInCall.Contains(id)) return chromium ? $"Duplicate script ID '{id}'" : $"Script ID \"{id}\" found more than once in 'scripts' array.";
        return null;
    }

    private static string? TooMany(ApiCall call, int count)
    {
        var limit = call.Realm.Extension.Options.Injection.MaxRegisteredScripts;
        return count > limit ? $"the extension may have {limit} content scripts registered at once ({InjectionLimits.MaxRegisteredScriptsKey})" : null;
    }

    /// <summary>A registration from a script object (an update's given over <paramref name="previous"/>), checked as the flavour checks it.</summary>
    private static (Registration?, string?) Read(ApiCall call, ObjectInstance input, string id, Registration? previous)
    {
        var chromium = Chromium(call);
        var old = previous?.Spec;
        var matches = TabCalls.Texts(input, "matches") ?? old?.Matches;
        var excludeMatches = TabCalls.Texts(input, "excludeMatches") ?? old?.ExcludeMatches ?? [];
        var js = TabCalls.Texts(input, "js") ?? old?.Js ?? [];
        var css = TabCalls.Texts(input, "css") ?? old?.Css ?? [];
        if (chromium)
        {
            if (matches is not { Count: > 0 }) return (null, $"Script with ID '{id}' must specify 'matches'.");
            if (js.Count == 0 && css.Count == 0) return (null, $"Script with ID '{id}' must specify at least one js or css file.");
        }
        else
        {
            if (js.Count == 0 && css.Count == 0) return (null, "At least one js or css must be specified.");
            if (matches is not { Count: > 0 }) return (null, "matches must be specified.");
        }
        foreach (var (list, key) in new[] { (matches, "matches"), (excludeMatches, "excludeMatches") })
            for (var i = 0; i < list.Count; i++)
                if (MatchPattern.Problem(list[i], allowPort: chromium) is { } problem)
                    return (null, chromium ? $"Script with ID '{id}' has invalid value for {key}[{i}]: {ChromiumPatternError(list[i], problem)}" : $"Invalid url pattern: {list[i]}");
        var (jsPaths, jsRefusal) = Files(call, js, "javascript");
        if (jsRefusal is not null) return (null, jsRefusal);
        var (cssPaths, cssRefusal) = Files(call, css, "css");
        if (cssRefusal is not null) return (null, cssRefusal);
        var runAt = TabCalls.Text(input, "runAt") is { } given ? RunAtOf(given) : old?.RunAt ?? RunAt.DocumentIdle;
        var world = TabCalls.Text(input, "world") is { } w ? (w == "MAIN" ? ScriptWorld.Main : ScriptWorld.Isolated) : old?.World ?? ScriptWorld.Isolated;
        var spec = new ContentScriptSpec(matches.ToArray(), jsPaths, runAt)
        {
            ExcludeMatches = excludeMatches.ToArray(),
            Css = cssPaths,
            AllFrames = TabCalls.Bool(input, "allFrames") ?? old?.AllFrames ?? false,
            World = world,
        };
        var persist = TabCalls.Bool(input, "persistAcrossSessions") ?? previous?.PersistAcrossSessions ?? true;
        return (new Registration(id, spec, persist, null), null);
    }

    /// <summary>The files as extension paths; a file outside the extension, or (Chromium) one that cannot be read, is refused.</summary>
    private static (string[] Paths, string? Refusal) Files(ApiCall call, IReadOnlyList<string> files, string kind)
    {
        var chromium = Chromium(call);
        var package = call.Realm.Extension.Package;
        var paths = new string[files.Count];
        for (var i = 0; i < files.Count; i++)
        {
            string path;
            try
            {
                path = package.Resolve(files[i]);
                // Chromium reads every file as it registers; Firefox reads them when it injects.
                if (chromium) package.Files.Check(path);
            }
            catch (Exception ex) when (ex is ManifestException or ExtensionFileException)
            {
                return ([], chromium ? $"Could not load {kind} '{files[i]}' for script." : "Files to be injected must be within the extension");
            }
            paths[i] = path;
        }
        return (paths, null);
    }

    private static RunAt RunAtOf(string runAt) => runAt switch
    {
        "document_start" => RunAt.DocumentStart,
        "document_end" => RunAt.DocumentEnd,
        _ => RunAt.DocumentIdle,
    };

    private static string RunAtName(RunAt runAt) => runAt switch
    {
        RunAt.DocumentStart => "document_start",
        RunAt.DocumentEnd => "document_end",
        _ => "document_idle",
    };

    /// <summary>Chromium's URLPattern error for a pattern the runtime refuses (its wording for each kind of mistake).</summary>
    private static string ChromiumPatternError(string pattern, string problem) =>
        !pattern.Contains("://", StringComparison.Ordinal) && pattern != "<all_urls>" ? "Missing scheme separator."
        : problem.StartsWith("scheme", StringComparison.Ordinal) ? "Invalid scheme."
        : problem.Contains("path", StringComparison.Ordinal) ? "Empty path."
        : problem.Contains("port", StringComparison.Ordinal) ? "Invalid port."
        : problem.Contains("expected a host", StringComparison.Ordinal) ? "Empty host."
        : "Invalid host wildcard.";

    private static JsValue UpdateScripts(ApiCall call)
    {
        var chromium = Chromium(call);
        var registry = RegisteredScripts.Of(call.Realm.Extension);
        var entries = registry.Entries.ToList();
        var updated = new Dictionary<string, Registration>(StringComparer.Ordinal);
        foreach (var input in Items(call[0]))
        {
            var id = TabCalls.Text(input, "id") ?? "";
            if (!chromium && (id.Length == 0 || id.StartsWith('_'))) return call.Fail("Invalid content script id.");
            if (entries.FirstOrDefault(entry => entry.Id == id) is not { } previous)
                return call.Fail(chromium ? $"Script with ID '{id}' does not exist or is not fully registered" : $"Content script with id \"{id}\" does not exist.");
            if (updated.ContainsKey(id))
                return call.Fail(chromium ? $"Duplicate script ID '{id}'" : $"Script ID \"{id}\" found more than once in 'scripts' array.");
            var (registration, refusal) = Read(call, input, id, previous);
            if (refusal is not null) return call.Fail(refusal);
            updated[id] = registration!;
        }
        registry.Change(current => current.Select(entry => entry.Id is { } id && updated.TryGetValue(id, out var changed) ? changed : entry));
        return call.Answer(JsValue.Undefined);
    }

    private static JsValue UnregisterScripts(ApiCall call)
    {
        var chromium = Chromium(call);
        var registry = RegisteredScripts.Of(call.Realm.Extension);
        var entries = registry.Entries;
        var ids = TabCalls.Texts(call[0], "ids");
        // Chromium clears them all for an empty list of ids too; Firefox then removes none.
        if (ids is null || (chromium && ids.Count == 0))
        {
            registry.Change(current => current.Where(entry => entry.Id is null));
            return call.Answer(JsValue.Undefined);
        }
        foreach (var id in ids)
        {
            if (id.Length == 0 || id.StartsWith('_'))
                return call.Fail(chromium ? id.Length == 0 ? "Script's ID must not be empty" : $"Script's ID '{id}' must not start with '_'" : "Invalid content script id.");
            if (entries.All(entry => entry.Id != id))
                return call.Fail(chromium ? $"Nonexistent script ID '{id}'" : $"Content script with id \"{id}\" does not exist.");
        }
        registry.Change(current => current.Where(entry => entry.Id is null || !ids.Contains(entry.Id)));
        return call.Answer(JsValue.Undefined);
    }

    private static JsValue GetScripts(ApiCall call)
    {
        var chromium = Chromium(call);
        var ids = TabCalls.Texts(call[0], "ids");
        var json = TabJson.Json(writer =>
        {
            writer.WriteStartArray();
            foreach (var entry in RegisteredScripts.Of(call.Realm.Extension).Entries)
                if (entry.Id is { } id && (ids is null || ids.Contains(id))) Write(writer, entry, chromium);
            writer.WriteEndArray();
        });
        return call.Answer(TabCalls.Parse(call, json));
    }

    /// <summary>A registered script as each browser reports it (Chromium's keys in its dictionary's order; Firefox's as it builds them).</summary>
    private static void Write(Utf8JsonWriter json, Registration entry, bool chromium)
    {
        var spec = entry.Spec;
        void Strings(string name, IReadOnlyList<string> values)
        {
            if (values.Count == 0) return;
            json.WriteStartArray(name);
            foreach (var value in values) json.WriteStringValue(value);
            json.WriteEndArray();
        }
        json.WriteStartObject();
        if (chromium)
        {
            json.WriteBoolean("allFrames", spec.AllFrames);
            Strings("css", spec.Css);
            Strings("excludeMatches", spec.ExcludeMatches);
            json.WriteString("id", entry.Id);
            Strings("js", spec.Js);
            json.WriteBoolean("matchOriginAsFallback", false);
            Strings("matches", spec.Matches);
            json.WriteBoolean("persistAcrossSessions", entry.PersistAcrossSessions);
            json.WriteString("runAt", RunAtName(spec.RunAt));
            json.WriteString("world", spec.World == ScriptWorld.Main ? "MAIN" : "ISOLATED");
        }
        else
        {
            json.WriteString("id", entry.Id);
            json.WriteBoolean("allFrames", spec.AllFrames);
            Strings("matches", spec.Matches);
            json.WriteString("runAt", RunAtName(spec.RunAt));
            json.WriteBoolean("persistAcrossSessions", entry.PersistAcrossSessions);
            Strings("css", spec.Css);
            Strings("excludeMatches", spec.ExcludeMatches);
            Strings("js", spec.Js);
            json.WriteString("world", spec.World == ScriptWorld.Main ? "MAIN" : "ISOLATED");
        }
        json.WriteEndObject();
    }

    private static List<ObjectInstance> Items(JsValue list)
    {
        var items = new List<ObjectInstance>();
        if (list is not ObjectInstance array || !array.IsArray()) return items;
        var length = (long)Jint.Runtime.TypeConverter.ToNumber(array.Get("length"));
        for (long i = 0; i < length; i++)
            if (array.Get(i) is ObjectInstance item) items.Add(item);
        return items;
    }

    /// <summary>
    /// Firefox's <c>contentScripts.register</c>: files or code, patterns the extension's host permissions must cover; answers
    /// an object whose <c>unregister()</c> removes it. The registration goes with the context that made it.
    /// </summary>
    private static JsValue RegisterHandle(ApiCall call)
    {
        var options = (ObjectInstance)call[0];
        var extension = call.Realm.Extension;
        var matches = TabCalls.Texts(options, "matches") ?? [];
        foreach (var pattern in matches)
        {
            if (MatchPattern.Problem(pattern) is not null) return call.Fail($"Invalid url pattern: {pattern}");
            if (!ScriptAccess.Origins(extension).Any(origin => MatchPattern.Subsumes(origin, pattern)))
                return call.Fail($"Permission denied to register a content script for {pattern}");
        }
        var (js, jsRefusal) = Sources(call, options.Get("js"));
        if (jsRefusal is not null) return call.Fail(jsRefusal);
        var (css, cssRefusal) = Sources(call, options.Get("css"));
        if (cssRefusal is not null) return call.Fail(cssRefusal);
        var spec = new ContentScriptSpec(matches.ToArray(), js.Where(s => !s.IsCode).Select(s => s.Text).ToArray(), RunAtOf(TabCalls.Text(options, "runAt") ?? ""))
        {
            ExcludeMatches = TabCalls.Texts(options, "excludeMatches")?.ToArray() ?? [],
            IncludeGlobs = TabCalls.Texts(options, "includeGlobs")?.ToArray() ?? [],
            ExcludeGlobs = TabCalls.Texts(options, "excludeGlobs")?.ToArray() ?? [],
            AllFrames = TabCalls.Bool(options, "allFrames") ?? false,
            MatchAboutBlank = TabCalls.Bool(options, "matchAboutBlank") ?? false,
            World = TabCalls.Text(options, "world") == "MAIN" ? ScriptWorld.Main : ScriptWorld.Isolated,
            JsSources = js,
            CssSources = css,
        };
        var registry = RegisteredScripts.Of(extension);
        var entries = registry.Entries;
        if (TooMany(call, entries.Count + 1) is { } tooMany) return call.Fail(tooMany);
        var registration = new Registration(null, spec, false, call.Realm);
        registry.Change(current => current.Append(registration));
        return call.Answer(Handle(call.Realm, registration));
    }

    /// <summary>The <c>js</c> or <c>css</c> of <c>contentScripts.register</c>: <c>{file}</c> or <c>{code}</c> entries, code bounded like a file.</summary>
    private static (IReadOnlyList<ContentSource> Sources, string? Refusal) Sources(ApiCall call, JsValue list)
    {
        var sources = new List<ContentSource>();
        foreach (var item in Items(list))
        {
            if (TabCalls.Text(item, "code") is { } code)
            {
                if (InjectionCalls.TooLarge(call, code) is { } tooLarge) return ([], tooLarge);
                sources.Add(new ContentSource(code, true));
            }
            else if (TabCalls.Text(item, "file") is { } file)
            {
                if (InjectionCalls.ResolveFile(call, file) is not { } path) return ([], "Files to be injected must be within the extension");
                sources.Add(ContentSource.File(path));
            }
        }
        return (sources, null);
    }

    /// <summary>The object <c>contentScripts.register</c> resolves with: its <c>unregister()</c> answers a promise, and refuses a second time.</summary>
    private static ObjectInstance Handle(ContextRealm realm, Registration registration)
    {
        var engine = realm.Engine;
        var handle = new JsObject(engine);
        var unregistered = false;
        handle.FastSetDataProperty("unregister", new ClrFunction(engine, "unregister", (_, _) =>
        {
            var reply = ApiReply.Create(realm, null, promiseAllowed: true);
            if (unregistered)
            {
                reply.Later(r => r.Reject("Content script already unregistered"));
                return reply.ReturnValue;
            }
            unregistered = true;
            var registry = RegisteredScripts.Of(realm.Extension);
            registry.Change(current => current.Where(entry => !ReferenceEquals(entry, registration)));
            reply.Later(r => r.Resolve(JsValue.Undefined));
            return reply.ReturnValue;
        }));
        return handle;
    }
}
