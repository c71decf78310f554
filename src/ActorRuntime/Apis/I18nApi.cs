using System.Text;
using System.Text.Json.Nodes;
using ActorRuntime.Kernel;
using Jint;
using Jint.Native;
using Jint.Runtime;

namespace ActorRuntime.Apis;

/// <summary>
/// <c>i18n</c> from the extension's <c>_locales</c>: <c>getMessage</c> with named placeholders and positional
/// substitutions (as each browser reads them), the predefined <c>@@</c> messages, <c>getUILanguage</c> and <c>getAcceptLanguages</c> from the runtime's
/// locale (<c>actorruntime.locale</c>); <c>__MSG_name__</c> in the manifest's strings (and the extension's CSS).
/// <c>detectLanguage</c> is the host's to provide.
/// </summary>
internal static class I18nApi
{
    public static void Register(Dictionary<string, ApiImplementation> registry)
    {
        registry["i18n.getMessage"] = new() { Function = call => GetMessage(call.Realm, call[0].IsString() ? call[0].AsString() : "", call[1]) };
        registry["i18n.getUILanguage"] = new() { Function = call => call.Realm.Extension.Options.Locale };
        registry["i18n.getAcceptLanguages"] = new()
        {
            Function = call => call.Answer(new JsArray(call.Realm.Engine, AcceptLanguages(call.Realm.Extension.Options.Locale).Select(l => (JsValue)l).ToArray())),
        };
    }

    private static IEnumerable<string> AcceptLanguages(string locale) =>
        locale.Contains('-') ? [locale, locale[..locale.IndexOf('-')]] : [locale];

    private static JsValue GetMessage(ContextRealm realm, string name, JsValue substitutions)
    {
        var extension = realm.Extension;
        if (Localization.Predefined(extension, name) is { } predefined) return predefined;
        var message = extension.Package.Messages.Find(name, extension.Options.Locale);
        ReportLocaleProblems(extension);
        if (message is null)
        {
            if (extension.Flavor != Flavor.Chrome) realm.Log("warn", $"Unknown localization message {name}");
            return "";
        }
        try
        {
            return Localization.Expand(message, Substitutions(substitutions, extension.Flavor), extension.Flavor);
        }
        catch (MessageTooLongException tooLong)
        {
            throw new JavaScriptException(realm.Engine.Intrinsics.Error, $"i18n.getMessage: {name}: {tooLong.Message}");
        }
    }

    /// <summary>
    /// The substitution at an index (from 0), read when the message asks for it: an array's items (Chromium reads nine at
    /// most), else the value itself as the only one; none when the argument was left out. Firefox reads a hole, a
    /// <c>null</c> or an <c>undefined</c> as JavaScript's <c>replace</c> prints it; Chromium gives an empty string.
    /// </summary>
    private static Func<int, string?> Substitutions(JsValue value, Flavor flavor)
    {
        if (value.IsUndefined()) return _ => null;
        if (value is Jint.Native.Object.ObjectInstance array && array.IsArray())
        {
            var limit = flavor == Flavor.Chrome ? 9 : long.MaxValue;
            return index =>
            {
                var length = Math.Min(limit, (long)TypeConverter.ToLength(array.Get("length")));
                if (index >= length || !array.HasProperty(index)) return null;
                var item = array.Get(index);
                return flavor == Flavor.Chrome && (item.IsNull() || item.IsUndefined()) ? null : TypeConverter.ToString(item);
            };
        }
        if (value.IsNull() && flavor == Flavor.Chrome) return _ => null;
        var only = TypeConverter.ToString(value);
        return index => index == 0 ? only : null;
    }

    /// <summary>Locale files that cannot be used, once each on the extension's console.</summary>
    private static void ReportLocaleProblems(ExtensionKernel extension)
    {
        while (extension.Package.Messages.Problems.TryDequeue(out var problem))
            extension.Report(new ConsoleEntry("extension", "warn", problem));
    }

    /// <summary>
    /// <c>__MSG_name__</c> replaced in every string of a JSON document (the manifest): by the message, or, when there is none,
    /// kept as written (Firefox) or removed (Chromium). The walk keeps its own stack.
    /// </summary>
    public static string Localized(ExtensionKernel extension, string json)
    {
        if (extension.Manifest.DefaultLocale is null || !json.Contains("__MSG_", StringComparison.Ordinal)) return json;
        var root = JsonNode.Parse(json);
        if (root is null) return json;
        var pending = new Stack<JsonNode>([root]);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case JsonObject obj:
                    foreach (var (key, value) in obj.ToList())
                        if (value is JsonValue text && text.TryGetValue<string>(out var s)) obj[key] = Localization.LocalizeText(extension, s);
                        else if (value is not null) pending.Push(value);
                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                        if (array[i] is JsonValue text && text.TryGetValue<string>(out var s)) array[i] = Localization.LocalizeText(extension, s);
                        else if (array[i] is { } item) pending.Push(item);
                    break;
            }
        }
        return root.ToJsonString();
    }

}
