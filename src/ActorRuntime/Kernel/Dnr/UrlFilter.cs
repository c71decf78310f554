namespace ActorRuntime.Kernel.Dnr;

/// <summary>
/// A compiled <c>urlFilter</c>, matched against a request's canonical URL as Chromium and Firefox match it: a substring of
/// the URL unless anchored; <c>||</c> at the start anchors it where the host or one of its subdomains starts, <c>|</c> at
/// the start or end anchors it to the URL's start or end; <c>*</c> is any run of characters; <c>^</c> is one separator
/// character (anything but a letter, a digit and <c>_ - . %</c>), and a <c>^</c> ending the filter also matches the end of
/// the URL. Matching is greedy from the left with no backtracking (each part at its earliest place), so its time is the
/// URL's length times the filter's.
/// </summary>
internal sealed class UrlFilter
{
    // Stands for the end of the URL, after its last character: a separator no URL holds (URLs here are ASCII).
    internal const char EndOfUrl = '\uffff';

    private readonly string[] _parts;
    private readonly bool _anchorLeft, _anchorDomain, _anchorRight, _caseSensitive;

    /// <param name="filter">A non-empty filter (the rule reader refused an empty one and one starting <c>||*</c>).</param>
    public UrlFilter(string filter, bool caseSensitive)
    {
        _caseSensitive = caseSensitive;
        int start = 0, end = filter.Length;
        if (filter.StartsWith("||", StringComparison.Ordinal))
        {
            start = 2;
            _anchorDomain = true;
        }
        else if (filter.StartsWith('|'))
        {
            start = 1;
            _anchorLeft = true;
        }
        if (end > start && filter[end - 1] == '|')
        {
            end--;
            _anchorRight = true;
        }
        // A star next to an anchor undoes it: "|*" and "*|" anchor nothing.
        while (start < end && filter[start] == '*')
        {
            start++;
            _anchorLeft = false;
        }
        while (end > start && filter[end - 1] == '*')
        {
            end--;
            _anchorRight = false;
        }
        var pattern = filter[start..end];
        _parts = (caseSensitive ? pattern : pattern.ToLowerInvariant()).Split('*');
        if (_anchorDomain) DomainKey = DomainOf(_parts[0], caseSensitive);
    }

    /// <summary>
    /// The filter's literal domain when it starts <c>||domain^</c> (or <c>||domain/</c>, <c>||domain:</c>): it can only match
    /// a URL whose host is that domain or within it. Null for every other shape (those rules are tried on every request).
    /// </summary>
    public string? DomainKey { get; }

    public bool Matches(string url) => Matches(new UrlSubject(url));

    /// <summary>Whether the filter matches <paramref name="url"/>, its lowered copy and domain anchors worked out once per request.</summary>
    public bool Matches(UrlSubject url)
    {
        var subject = _caseSensitive ? url.Exact : url.Lowered;
        var length = url.Length;
        var head = _parts[0];
        var last = _parts.Length - 1;
        int position;
        if (_anchorDomain)
        {
            var anchors = url.DomainAnchors;
            if (last == 0 && _anchorRight)
            {
                foreach (var anchor in anchors)
                    if (EndsAtEnd(head, subject, anchor, length)) return true;
                return false;
            }
            position = -1;
            foreach (var anchor in anchors)
                if (MatchesAt(head, subject, anchor))
                {
                    position = anchor + head.Length;
                    break;
                }
            if (position < 0) return false;
        }
        else if (_anchorLeft)
        {
            if (last == 0 && _anchorRight) return EndsAtEnd(head, subject, 0, length);
            if (!MatchesAt(head, subject, 0)) return false;
            position = head.Length;
        }
        else if (last == 0 && _anchorRight)
            return EndsAtEnd(head, subject, length - head.Length, length) || EndsAtEnd(head, subject, length + 1 - head.Length, length);
        else
        {
            position = IndexAfter(head, subject, 0);
            if (position < 0) return false;
        }
        if (last == 0) return true;
        for (var i = 1; i < last; i++)
        {
            position = IndexAfter(_parts[i], subject, position);
            if (position < 0) return false;
        }
        var tail = _parts[last];
        if (!_anchorRight) return IndexAfter(tail, subject, position) >= 0;
        // The tail ends the URL (or, ending in ^, takes the end of the URL as its separator).
        int atEnd = length - tail.Length, atMarker = length + 1 - tail.Length;
        return (atEnd >= position && EndsAtEnd(tail, subject, atEnd, length)) || (atMarker >= position && EndsAtEnd(tail, subject, atMarker, length));
    }

    /// <summary>The literal domain a <c>||</c> filter's head starts with, when the host must end right after it (see <see cref="DomainKey"/>).</summary>
    private static string? DomainOf(string head, bool caseSensitive)
    {
        var end = 0;
        while (end < head.Length && (char.IsAsciiLetterLower(head[end]) || char.IsAsciiDigit(head[end]) || head[end] is '.' or '-'
                                     || (!caseSensitive && char.IsAsciiLetterUpper(head[end])))) end++;
        // Only a separator right after the domain ends the host there ('.', letters, digits and '-' are no separators).
        if (end == 0 || end == head.Length || head[end] is not ('^' or '/' or ':') || head[0] == '.' || head[end - 1] == '.') return null;
        return head[..end].ToLowerInvariant();
    }

    /// <summary>Whether <paramref name="part"/> matches at <paramref name="at"/> and reaches exactly the end of the URL (or its end marker).</summary>
    private static bool EndsAtEnd(string part, string subject, int at, int length) =>
        at >= 0 && (at + part.Length == length || at + part.Length == length + 1) && MatchesAt(part, subject, at);

    /// <summary>Where the part first matches from <paramref name="from"/> on, the index after it; -1 when nowhere.</summary>
    private static int IndexAfter(string part, string subject, int from)
    {
        if (!part.Contains('^'))
        {
            var found = subject.IndexOf(part, from, StringComparison.Ordinal);
            return found < 0 ? -1 : found + part.Length;
        }
        for (var at = from; at + part.Length <= subject.Length; at++)
            if (MatchesAt(part, subject, at)) return at + part.Length;
        return -1;
    }

    private static bool MatchesAt(string part, string subject, int at)
    {
        if (at < 0 || at + part.Length > subject.Length) return false;
        for (var i = 0; i < part.Length; i++)
        {
            var c = subject[at + i];
            if (part[i] == '^' ? !IsSeparator(c) : part[i] != c) return false;
            // Only a final ^ may take the end of the URL, and nothing may follow it.
            if (c == EndOfUrl && i != part.Length - 1) return false;
        }
        return true;
    }

    private static bool IsSeparator(char c) => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '%');

    /// <summary>Where the URL's host and each of its parent domains start (after <c>://</c> and any user info, after each dot).</summary>
    internal static List<int> DomainAnchors(string url)
    {
        var anchors = new List<int>();
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0) return anchors;
        var hostStart = schemeEnd + 3;
        var hostEnd = url.IndexOfAny(['/', '?', '#'], hostStart);
        if (hostEnd < 0) hostEnd = url.Length;
        var at = url.LastIndexOf('@', hostEnd - 1, hostEnd - hostStart);
        if (at >= 0) hostStart = at + 1;
        anchors.Add(hostStart);
        for (var i = hostStart; i < hostEnd; i++)
            if (url[i] == '.' && i + 1 < hostEnd) anchors.Add(i + 1);
        return anchors;
    }
}

/// <summary>A request's URL as URL filters read it, worked out once for all the rules: as given and lowered (each with the end marker), and where its domains start.</summary>
internal sealed class UrlSubject(string url)
{
    public int Length { get; } = url.Length;
    public string Exact { get; } = url + UrlFilter.EndOfUrl;
    public string Lowered { get; } = url.ToLowerInvariant() + UrlFilter.EndOfUrl;
    public List<int> DomainAnchors { get; } = UrlFilter.DomainAnchors(url);
}
