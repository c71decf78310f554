using System.Text.Json;
using System.Text.RegularExpressions;

namespace ActorRuntime.Kernel.Dnr;

/// <summary>A rule that cannot be added, with the browser's (or the runtime's) one-line reason.</summary>
internal sealed class DnrRuleException(string message) : Exception(message);

/// <summary>
/// Reads one rule (JSON, as a static ruleset file holds it or as the API was given it) into a <see cref="DnrRule"/>,
/// checking what the schema cannot as the flavour's browser checks it: one filter of the two, anchors, redirect keys,
/// header operations, tab ids only in session rules, regular expressions that compile (without backtracking: RE2's
/// language, as Chromium's; lookarounds and backreferences are refused) within the length limit.
/// </summary>
internal sealed class DnrRuleReader(Flavor flavor, int maxRegexLength)
{
    // Chromium's kAllowedTransformSchemes; Firefox's schema allows http, https and moz-extension.
    private static readonly string[] ChromiumTransformSchemes = ["http", "https", "ftp", "chrome-extension"];
    private static readonly string[] FirefoxTransformSchemes = ["http", "https", "moz-extension"];

    // Chromium lets only these request headers be appended to (constants.h, kDNRRequestHeaderAppendAllowList).
    private static readonly HashSet<string> AppendableRequestHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "accept", "accept-encoding", "accept-language", "access-control-request-headers", "cache-control", "connection",
        "content-language", "cookie", "forwarded", "if-match", "if-none-match", "keep-alive", "range", "te", "trailer",
        "transfer-encoding", "upgrade", "user-agent", "via", "want-digest", "x-forwarded-for",
    };

    private static readonly string[] FrameTypes = ["main_frame", "sub_frame"];

    public DnrErrors Errors { get; } = new(flavor);

    private bool Chromium => flavor == Flavor.Chrome;

    /// <summary>The rule, or <see cref="DnrRuleException"/> with why it cannot be added.</summary>
    public DnrRule Read(JsonElement rule, bool isSession)
    {
        if (rule.ValueKind != JsonValueKind.Object) throw new DnrRuleException("expected a rule object");
        var id = Integer(rule, "id") ?? throw new DnrRuleException("\"id\": expected an integer of at least 1");
        if (id < 1) throw new DnrRuleException(Chromium ? $"Rule with id {id} has an invalid value for id key. This should be greater than or equal to 1." : $"Invalid rule id: {id}");
        var priority = Integer(rule, "priority") ?? 1;
        if (priority < 1) throw new DnrRuleException(Chromium ? $"Rule with id {id} has an invalid value for priority key. This should be greater than or equal to 1." : $"Invalid rule priority: {priority}");
        var condition = Object(rule, "condition") ?? throw new DnrRuleException($"rule {id}: \"condition\": expected an object");
        var action = Object(rule, "action") ?? throw new DnrRuleException($"rule {id}: \"action\": expected an object");
        var type = String(action, "type") switch
        {
            "block" => DnrActionType.Block,
            "allow" => DnrActionType.Allow,
            "allowAllRequests" => DnrActionType.AllowAllRequests,
            "upgradeScheme" => DnrActionType.UpgradeScheme,
            "redirect" => DnrActionType.Redirect,
            "modifyHeaders" => DnrActionType.ModifyHeaders,
            var other => throw new DnrRuleException($"rule {id}: \"action.type\": expected block, allow, allowAllRequests, upgradeScheme, redirect or modifyHeaders, got {(other is null ? "nothing" : "\"" + OneLineText.Escape(other, 40) + "\"")}"),
        };
        var redirect = type == DnrActionType.Redirect ? ReadRedirect(id, Object(action, "redirect")) : null;
        var compiled = ReadCondition(id, condition, type, isSession, redirect?.RegexSubstitution);
        var (requestHeaders, responseHeaders) = type == DnrActionType.ModifyHeaders ? ReadHeaderChanges(id, action) : ([], []);
        return new DnrRule((int)id, (int)priority, compiled, type, rule.GetRawText())
        {
            Redirect = redirect,
            RequestHeaders = requestHeaders,
            ResponseHeaders = responseHeaders,
        };
    }

    private DnrCondition ReadCondition(long id, JsonElement condition, DnrActionType type, bool isSession, string? regexSubstitution)
    {
        var resourceTypes = Strings(condition, "resourceTypes", id);
        var excludedResourceTypes = Strings(condition, "excludedResourceTypes", id);
        if (resourceTypes is not null && excludedResourceTypes is not null && resourceTypes.Overlaps(excludedResourceTypes)) throw Rule(Errors.TypesOverlap((int)id));
        if (excludedResourceTypes is not null && DnrTypes.ResourceTypes.All(excludedResourceTypes.Contains)) throw Rule(Errors.NoResourceType((int)id));
        if (type == DnrActionType.AllowAllRequests && (resourceTypes is null || resourceTypes.Any(t => !FrameTypes.Contains(t))))
            throw Rule(Errors.AllowAllRequestsTypes((int)id, resourceTypes is null));
        var methods = Strings(condition, "requestMethods", id);
        var excludedMethods = Strings(condition, "excludedRequestMethods", id);
        if (methods is not null && excludedMethods is not null && methods.Overlaps(excludedMethods)) throw Rule(Errors.MethodsOverlap((int)id));
        if ((methods ?? []).Concat(excludedMethods ?? []).Any(m => m != m.ToLowerInvariant())) throw Rule(Errors.MethodCase((int)id));
        var tabIds = Integers(condition, "tabIds", id);
        var excludedTabIds = Integers(condition, "excludedTabIds", id);
        if ((tabIds is not null || excludedTabIds is not null) && !isSession) throw Rule(Errors.TabIdsOutsideSession((int)id));
        if (tabIds is not null && excludedTabIds is not null && tabIds.Overlaps(excludedTabIds)) throw Rule(Errors.TabIdsOverlap((int)id));
        var urlFilter = String(condition, "urlFilter");
        var regexFilter = String(condition, "regexFilter");
        var caseSensitive = Boolean(condition, "isUrlFilterCaseSensitive") ?? false;
        if (urlFilter is not null && regexFilter is not null) throw Rule(Errors.BothFilters((int)id));
        if (regexSubstitution is not null && regexFilter is null) throw Rule(Errors.RegexSubstitutionWithoutFilter((int)id));
        UrlFilter? filter = null;
        Regex? regex = null;
        if (urlFilter is not null)
        {
            if (urlFilter.Length == 0) throw Rule(Errors.EmptyFilter((int)id, "urlFilter"));
            if (urlFilter.Any(c => c > 0x7f)) throw Rule(Errors.NonAscii((int)id, "urlFilter"));
            if (urlFilter.StartsWith("||*", StringComparison.Ordinal)) throw Rule(Errors.UrlFilterDomainWildcard((int)id));
            filter = new UrlFilter(urlFilter, caseSensitive);
        }
        else if (regexFilter is not null)
        {
            if (regexFilter.Length == 0) throw Rule(Errors.EmptyFilter((int)id, "regexFilter"));
            if (regexFilter.Any(c => c > 0x7f)) throw Rule(Errors.NonAscii((int)id, "regexFilter"));
            var (compiledRegex, reason) = CompileRegex(regexFilter, caseSensitive, maxRegexLength);
            regex = compiledRegex ?? throw Rule(reason == "memoryLimitExceeded" ? Errors.RegexTooLong((int)id, maxRegexLength) : Errors.InvalidRegex((int)id));
            if (regexSubstitution is not null) CheckSubstitution(id, regexSubstitution, regex);
        }
        var domainType = String(condition, "domainType");
        if (domainType is not null and not ("firstParty" or "thirdParty"))
            throw new DnrRuleException($"rule {id}: \"condition.domainType\": expected firstParty or thirdParty");
        return new DnrCondition
        {
            UrlFilter = filter,
            RegexFilter = regex,
            InitiatorDomains = Domains(condition, "initiatorDomains", id),
            ExcludedInitiatorDomains = Domains(condition, "excludedInitiatorDomains", id),
            RequestDomains = Domains(condition, "requestDomains", id),
            ExcludedRequestDomains = Domains(condition, "excludedRequestDomains", id),
            ResourceTypes = resourceTypes,
            ExcludedResourceTypes = excludedResourceTypes,
            RequestMethods = methods,
            ExcludedRequestMethods = excludedMethods,
            DomainType = domainType,
            // Chromium: with both lists, only the included tabs count.
            TabIds = tabIds,
            ExcludedTabIds = tabIds is null ? excludedTabIds : null,
        };
    }

    /// <summary>A regexFilter compiled as the rules match it (linear time, no backtracking), or why it is not supported: syntaxError or memoryLimitExceeded.</summary>
    public static (Regex? Regex, string? Reason) CompileRegex(string pattern, bool caseSensitive, int maxLength)
    {
        if (pattern.Length > maxLength) return (null, "memoryLimitExceeded");
        try
        {
            var options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | (caseSensitive ? RegexOptions.None : RegexOptions.IgnoreCase);
            return (new Regex(pattern, options), null);
        }
        catch (ArgumentException)
        {
            return (null, "syntaxError");
        }
        catch (NotSupportedException)
        {
            return (null, "syntaxError");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return (null, "memoryLimitExceeded");
        }
    }

    /// <summary>Only <c>\0</c>-<c>\9</c> (a group the regex has) and <c>\\</c> may follow a backslash.</summary>
    private void CheckSubstitution(long id, string substitution, Regex regex)
    {
        var groups = regex.GetGroupNumbers().Max();
        for (var i = 0; i < substitution.Length; i++)
        {
            if (substitution[i] != '\\') continue;
            var next = i + 1 < substitution.Length ? substitution[i + 1] : '\0';
            if (next != '\\' && (!char.IsAsciiDigit(next) || (Chromium && next - '0' > groups))) throw Rule(Errors.RegexSubstitution((int)id));
            i++;
        }
    }

    private DnrRedirect ReadRedirect(long id, JsonElement? redirect)
    {
        if (redirect is not { } value) throw Rule(Errors.RedirectMissing((int)id));
        var url = String(value, "url");
        var extensionPath = String(value, "extensionPath");
        var transform = Object(value, "transform");
        var substitution = String(value, "regexSubstitution");
        var count = (url is null ? 0 : 1) + (extensionPath is null ? 0 : 1) + (transform is null ? 0 : 1) + (substitution is null ? 0 : 1);
        if (count == 0) throw Rule(Errors.RedirectMissing((int)id));
        // Firefox refuses more than one; Chromium takes the first in this order and ignores the rest.
        if (count > 1 && !Chromium) throw Rule(Errors.TooManyRedirectKeys((int)id));
        if (url is not null)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed)) throw Rule(Errors.RedirectUrl((int)id));
            if (parsed.Scheme == "javascript") throw Rule(Errors.JavascriptRedirect((int)id));
            return new DnrRedirect(url, null, null, null);
        }
        if (extensionPath is not null)
            return extensionPath.StartsWith('/') ? new DnrRedirect(null, extensionPath, null, null) : throw Rule(Errors.ExtensionPath((int)id));
        if (transform is { } t) return new DnrRedirect(null, null, ReadTransform(id, t), null);
        if (substitution!.Length == 0) throw Rule(Errors.RegexSubstitution((int)id));
        return new DnrRedirect(null, null, null, substitution);
    }

    private DnrUrlTransform ReadTransform(long id, JsonElement transform)
    {
        var scheme = String(transform, "scheme");
        var schemes = Chromium ? ChromiumTransformSchemes : FirefoxTransformSchemes;
        if (scheme is not null && !schemes.Contains(scheme)) throw Rule(Errors.TransformScheme((int)id, string.Join(", ", schemes)));
        var port = String(transform, "port");
        if (port is { Length: > 0 } && (!port.All(char.IsAsciiDigit) || !int.TryParse(port, out var number) || number > 65535)) throw Rule(Errors.TransformPort((int)id));
        var query = String(transform, "query");
        if (query is { Length: > 0 } && query[0] != '?') throw Rule(Errors.TransformQuery((int)id));
        var fragment = String(transform, "fragment");
        if (fragment is { Length: > 0 } && fragment[0] != '#') throw Rule(Errors.TransformFragment((int)id));
        var queryTransform = Object(transform, "queryTransform");
        if (query is not null && queryTransform is not null) throw Rule(Errors.QueryAndQueryTransform((int)id));
        return new DnrUrlTransform
        {
            Scheme = scheme,
            Username = String(transform, "username"),
            Password = String(transform, "password"),
            Host = String(transform, "host"),
            Port = port,
            Path = String(transform, "path"),
            Query = query,
            HasQueryTransform = queryTransform is not null,
            RemoveParams = queryTransform is { } q ? Strings(q, "removeParams", id)?.ToList() : null,
            AddOrReplaceParams = queryTransform is { } qt && Array(qt, "addOrReplaceParams", id) is { } add
                ? add.Select(p => new DnrQueryParam(String(p, "key") ?? "", String(p, "value") ?? "", Boolean(p, "replaceOnly") ?? false)).ToList()
                : null,
            Fragment = fragment,
        };
    }

    private (IReadOnlyList<DnrHeaderOperation>, IReadOnlyList<DnrHeaderOperation>) ReadHeaderChanges(long id, JsonElement action)
    {
        var request = Array(action, "requestHeaders", id);
        var response = Array(action, "responseHeaders", id);
        if (request is null && response is null) throw Rule(Errors.NoHeaders((int)id));
        if (request is { Count: 0 }) throw Rule(Errors.EmptyList((int)id, "action.requestHeaders"));
        if (response is { Count: 0 }) throw Rule(Errors.EmptyList((int)id, "action.responseHeaders"));
        return (ReadHeaders(id, request, isRequest: true), ReadHeaders(id, response, isRequest: false));
    }

    private List<DnrHeaderOperation> ReadHeaders(long id, List<JsonElement>? list, bool isRequest)
    {
        var operations = new List<DnrHeaderOperation>();
        foreach (var entry in list ?? [])
        {
            var header = String(entry, "header") ?? "";
            var operation = String(entry, "operation");
            var value = String(entry, "value");
            if (operation is not ("set" or "append" or "remove")) throw new DnrRuleException($"rule {id}: header operation: expected set, append or remove");
            if (header.Length == 0 || !header.All(c => c > ' ' && c < 0x7f && "\"(),/:;<=>?@[\\]{}".IndexOf(c) < 0)) throw Rule(Errors.HeaderName((int)id));
            if (value is null && operation != "remove") throw Rule(Errors.HeaderValueMissing((int)id));
            if (value is not null && operation == "remove") throw Rule(Errors.HeaderValuePresent((int)id));
            if (value is not null && value.Any(c => c is '\r' or '\n' or '\0')) throw Rule(Errors.HeaderValue((int)id));
            if (Chromium && isRequest && operation == "append" && !AppendableRequestHeaders.Contains(header)) throw Rule(Errors.AppendRequestHeader((int)id));
            operations.Add(new DnrHeaderOperation(header, operation, value));
        }
        return operations;
    }

    private static DnrRuleException Rule(string message) => new(message);

    // Absent and null (what a Firefox-normalised argument holds for a missing optional property) are alike.
    private static JsonElement? Member(JsonElement element, string key) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static JsonElement? Object(JsonElement element, string key) =>
        Member(element, key) is { } value ? value.ValueKind == JsonValueKind.Object ? value : throw new DnrRuleException($"\"{key}\": expected an object") : null;

    private static string? String(JsonElement element, string key) =>
        Member(element, key) is { } value ? value.ValueKind == JsonValueKind.String ? value.GetString() : throw new DnrRuleException($"\"{key}\": expected a string") : null;

    private static bool? Boolean(JsonElement element, string key) =>
        Member(element, key) is { } value ? value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : throw new DnrRuleException($"\"{key}\": expected a boolean") : null;

    private static long? Integer(JsonElement element, string key) =>
        Member(element, key) is { } value ? value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : throw new DnrRuleException($"\"{key}\": expected an integer") : null;

    private List<JsonElement>? Array(JsonElement element, string key, long id) =>
        Member(element, key) is { } value ? value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : throw new DnrRuleException($"rule {id}: \"{key}\": expected an array") : null;

    private HashSet<string>? Strings(JsonElement element, string key, long id)
    {
        if (Array(element, key, id) is not { } list) return null;
        if (list.Count == 0 && key is "resourceTypes" or "requestMethods" or "requestDomains" or "initiatorDomains" or "tabIds") throw Rule(Errors.EmptyList((int)id, key));
        return list.Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new DnrRuleException($"rule {id}: \"{key}\": expected strings")).ToHashSet(StringComparer.Ordinal);
    }

    private HashSet<int>? Integers(JsonElement element, string key, long id)
    {
        if (Array(element, key, id) is not { } list) return null;
        if (list.Count == 0 && key == "tabIds") throw Rule(Errors.EmptyList((int)id, key));
        return list.Select(v => v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : throw new DnrRuleException($"rule {id}: \"{key}\": expected integers")).ToHashSet();
    }

    /// <summary>Domains as the rules compare them: lower case (a non-ASCII one is refused: browsers expect punycode).</summary>
    private HashSet<string>? Domains(JsonElement element, string key, long id)
    {
        if (Strings(element, key, id) is not { } domains) return null;
        if (domains.Any(d => d.Any(c => c > 0x7f))) throw Rule(Errors.NonAscii((int)id, key));
        return domains.Select(d => d.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
    }
}
