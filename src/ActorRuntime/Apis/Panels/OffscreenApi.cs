using System.Text.RegularExpressions;
using ActorRuntime.Kernel;
using ActorRuntime.Manifest;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace ActorRuntime.Apis.Panels;

/// <summary>
/// Chromium's <c>offscreen</c>: one document per extension, a page of its own opened as the context labelled
/// <c>offscreen</c>, which sees <c>runtime</c> alone of the extension API. The checks and their texts are Chromium's
/// (<c>offscreen_api.cc</c>): the URL must be the extension's, a reason must be given, <c>TESTING</c> needs a switch
/// of Chromium's command line the runtime does not have.
/// </summary>
internal static partial class OffscreenApi
{
    public static void Register(Dictionary<string, ApiImplementation> registry)
    {
        registry["offscreen.createDocument"] = new() { Function = CreateDocument, OnlyIn = [Flavor.Chrome] };
        registry["offscreen.closeDocument"] = new()
        {
            Function = call => Ask(call, PanelSignals.CloseOffscreen.Instance, _ => JsValue.Undefined, message => message),
            OnlyIn = [Flavor.Chrome],
        };
        registry["offscreen.hasDocument"] = new()
        {
            Function = call => Ask(call, PanelSignals.HasOffscreen.Instance, answer => answer is PanelSignals.OffscreenState { Exists: true } ? JsBoolean.True : JsBoolean.False, message => message),
            OnlyIn = [Flavor.Chrome],
        };
    }

    private const string TestingRefused = "The `TESTING` reason is only available with the --offscreen-document-testing commandline switch applied.";

    private static JsValue CreateDocument(ApiCall call)
    {
        var realm = call.Realm;
        var extension = realm.Extension;
        var parameters = call[0] as ObjectInstance;
        var url = parameters?.Get("url") is { } given && given.IsString() ? given.AsString() : "";
        if (ExtensionPath(extension, url) is not { } path) return call.Fail("Invalid URL.");

        var reasons = new HashSet<string>(StringComparer.Ordinal);
        if (parameters?.Get("reasons") is ObjectInstance list && list.IsArray())
        {
            var length = (long)TypeConverter.ToNumber(list.Get("length"));
            for (long i = 0; i < length; i++) reasons.Add(TypeConverter.ToString(list.Get(i)));
        }
        if (reasons.Count == 0) return call.Fail("A `reason` must be provided.");
        if (reasons.Contains("TESTING")) return call.Fail(TestingRefused);

        // Spanning mode: a private context's document is the regular profile's, as Chromium redirects it there.
        var isPrivate = realm.Info.IsPrivate && extension.Manifest.Incognito == IncognitoMode.Split;
        return Ask(call, new PanelSignals.CreateOffscreen(path.Url, path.Relative, isPrivate), _ => JsValue.Undefined, message => message switch
        {
            PanelSignals.SingleOffscreenDocument => message,
            _ when message.EndsWith("stopped while opening", StringComparison.Ordinal) => "Offscreen document closed before fully loading.",
            _ => "Page failed to load.",
        });
    }

    /// <summary>
    /// The page a URL names, as Chromium reads it: a full URL must be of the extension's origin; anything else is a path
    /// of the extension (<c>offscreen.html</c>, <c>/offscreen.html</c>). Null when it is not the extension's.
    /// </summary>
    private static (string Url, string Relative)? ExtensionPath(ExtensionKernel extension, string url)
    {
        var baseUrl = extension.Identity.BaseUrl;
        string path;
        if (HasScheme().IsMatch(url))
        {
            if (!url.StartsWith(baseUrl, StringComparison.OrdinalIgnoreCase)) return null;
            path = url[baseUrl.Length..];
        }
        else path = url.TrimStart('/');
        if (path.Length == 0) return null;
        try
        {
            var relative = extension.Package.Resolve(path);
            var query = path.IndexOfAny(['?', '#']) is var at and >= 0 ? path[at..] : "";
            return (baseUrl + relative + query, relative);
        }
        catch (ManifestException)
        {
            return null;
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex HasScheme();

    /// <summary>Asks the supervisor; answers with what <paramref name="answer"/> makes of its reply, or rejects with <paramref name="refusal"/> of its failure.</summary>
    private static JsValue Ask(ApiCall call, object request, Func<object, JsValue> answer, Func<string, string> refusal)
    {
        var reply = call.Reply!;
        SupervisorRequests.Ask(call, request, answered => reply.Resolve(answer(answered)), message => reply.Reject(refusal(message)));
        return JsValue.Undefined;
    }
}
