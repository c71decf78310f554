using ActorRuntime.Kernel;

namespace ActorRuntime.Apis.WebRequest;

/// <summary>
/// One extension's answer to one event of a request several extensions see, with the index of the extension (its place
/// in the install order, oldest first).
/// </summary>
internal readonly record struct PartyAnswer(int Party, BlockingAnswer Answer);

/// <summary>
/// What the blocking answers of several extensions to one event come to, as each flavour's browser merges them.
/// <list type="bullet">
/// <item>Firefox (<c>WebRequest.sys.mjs</c> <c>applyChanges</c>): every listener saw the same details; their answers are
/// taken in the order the listeners were added (here: the order the extensions were installed), the first cancel or redirect
/// ends it; each header list is applied as its changes to the headers the event began with, so two extensions adding
/// different headers both count, and for the same header the later one's value stands.</item>
/// <item>Chromium (<c>extension_web_request_api_helpers.cc</c>): a cancel from any extension wins; among redirects the most
/// recently installed extension's; header changes are taken most recent extension first, and an extension whose changes
/// touch a header an earlier one set to another value or removed (or remove one it set) has all of them ignored, as
/// Chromium reports with <c>onActionIgnored</c> (here: a console line, the runtime's schema has no such event).</item>
/// </list>
/// </summary>
internal static class CrossExtensionAnswers
{
    /// <summary>The merged answer of <paramref name="answers"/> (oldest extension first) to <paramref name="eventName"/>.</summary>
    /// <param name="ignored">Told of each extension whose answer was ignored for a conflict, with what was ignored.</param>
    public static BlockingAnswer Merge(Flavor flavor, string eventName, IReadOnlyList<PartyAnswer> answers,
        IReadOnlyList<KeyValuePair<string, string>> requestHeaders, IReadOnlyList<KeyValuePair<string, string>> responseHeaders, Action<int, string> ignored)
    {
        if (answers.Count == 0) return BlockingAnswer.None;
        if (answers.Count == 1) return answers[0].Answer;
        return flavor == Flavor.Chrome
            ? Chromium(answers, requestHeaders, responseHeaders, ignored)
            : Firefox(answers, requestHeaders, responseHeaders);
    }

    private static BlockingAnswer Firefox(IReadOnlyList<PartyAnswer> answers, IReadOnlyList<KeyValuePair<string, string>> requestHeaders,
        IReadOnlyList<KeyValuePair<string, string>> responseHeaders)
    {
        var requestLists = new List<List<KeyValuePair<string, string>>>();
        var responseLists = new List<List<KeyValuePair<string, string>>>();
        foreach (var (_, answer) in answers)
        {
            if (answer.Cancel || answer.RedirectUrl is not null || answer.Credentials is not null)
                return answer with { RequestHeaders = Diffs(requestHeaders, requestLists), ResponseHeaders = Diffs(responseHeaders, responseLists) };
            if (answer.RequestHeaders is { } request) requestLists.Add(request);
            if (answer.ResponseHeaders is { } response) responseLists.Add(response);
        }
        return BlockingAnswer.None with { RequestHeaders = Diffs(requestHeaders, requestLists), ResponseHeaders = Diffs(responseHeaders, responseLists) };
    }

    /// <summary>Each list's changes to <paramref name="original"/>, one after the other; one list is taken as it is; none is null.</summary>
    private static List<KeyValuePair<string, string>>? Diffs(IReadOnlyList<KeyValuePair<string, string>> original, List<List<KeyValuePair<string, string>>> lists)
    {
        if (lists.Count <= 1) return lists.Count == 0 ? null : lists[0];
        var headers = original.ToList();
        foreach (var list in lists)
        {
            var (set, removed) = Delta(original, list);
            foreach (var name in removed) headers.RemoveAll(h => Same(h.Key, name));
            foreach (var (name, value) in set) Set(headers, name, value);
        }
        return headers;
    }

    private static BlockingAnswer Chromium(IReadOnlyList<PartyAnswer> answers, IReadOnlyList<KeyValuePair<string, string>> requestHeaders,
        IReadOnlyList<KeyValuePair<string, string>> responseHeaders, Action<int, string> ignored)
    {
        var newestFirst = answers.Reverse().ToList();
        if (newestFirst.FirstOrDefault(a => a.Answer.Cancel) is { Answer.Cancel: true } cancelled) return cancelled.Answer;
        string? redirect = null;
        foreach (var (party, answer) in newestFirst)
        {
            if (answer.RedirectUrl is not { } target) continue;
            if (redirect is null) redirect = target;
            else if (redirect != target) ignored(party, "redirect");
        }
        var credentials = newestFirst.Select(a => a.Answer.Credentials).FirstOrDefault(c => c is not null);
        return new BlockingAnswer
        {
            RedirectUrl = redirect,
            Credentials = credentials,
            RequestHeaders = Deltas(requestHeaders, newestFirst.Where(a => a.Answer.RequestHeaders is not null).Select(a => (a.Party, a.Answer.RequestHeaders!)),
                party => ignored(party, "request_headers")),
            ResponseHeaders = Deltas(responseHeaders, newestFirst.Where(a => a.Answer.ResponseHeaders is not null).Select(a => (a.Party, a.Answer.ResponseHeaders!)),
                party => ignored(party, "response_headers")),
        };
    }

    /// <summary>Chromium's merge of header changes, most recent extension first: a conflicting extension's changes are all left out.</summary>
    private static List<KeyValuePair<string, string>>? Deltas(IReadOnlyList<KeyValuePair<string, string>> original,
        IEnumerable<(int Party, List<KeyValuePair<string, string>> List)> lists, Action<int> conflicted)
    {
        List<KeyValuePair<string, string>>? headers = null;
        var setNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var removedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (party, list) in lists)
        {
            headers ??= original.ToList();
            var (set, removed) = Delta(original, list);
            var current = headers;
            var conflicts = set.Any(s => removedNames.Contains(s.Key) || (setNames.Contains(s.Key) && Value(current, s.Key) != s.Value))
                || removed.Any(setNames.Contains);
            if (conflicts)
            {
                conflicted(party);
                continue;
            }
            foreach (var (name, value) in set)
            {
                Set(headers, name, value);
                setNames.Add(name);
            }
            foreach (var name in removed)
            {
                headers.RemoveAll(h => Same(h.Key, name));
                removedNames.Add(name);
            }
        }
        return headers;
    }

    /// <summary>What <paramref name="list"/> changes of <paramref name="original"/>: the headers it sets (new or another value) and those it leaves out.</summary>
    private static (List<KeyValuePair<string, string>> Set, List<string> Removed) Delta(IReadOnlyList<KeyValuePair<string, string>> original, List<KeyValuePair<string, string>> list)
    {
        var set = list.Where(h => Value(original, h.Key) != h.Value).ToList();
        var removed = original.Select(h => h.Key).Where(name => !list.Exists(h => Same(h.Key, name))).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return (set, removed);
    }

    private static string? Value(IEnumerable<KeyValuePair<string, string>> headers, string name) =>
        headers.Where(h => Same(h.Key, name)).Select(h => h.Value).FirstOrDefault();

    /// <summary>Sets a header where it was (its other values dropped), or adds it at the end.</summary>
    private static void Set(List<KeyValuePair<string, string>> headers, string name, string value)
    {
        var at = headers.FindIndex(h => Same(h.Key, name));
        headers.RemoveAll(h => Same(h.Key, name));
        headers.Insert(at >= 0 ? Math.Min(at, headers.Count) : headers.Count, new(name, value));
    }

    private static bool Same(string a, string b) => a.Equals(b, StringComparison.OrdinalIgnoreCase);
}
