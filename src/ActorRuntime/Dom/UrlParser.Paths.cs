using System.Text;

namespace ActorRuntime.Dom;

/// <summary>The basic URL parser's file states and those of the path, opaque path, query and fragment.</summary>
internal sealed partial class UrlParser
{
    private Step File()
    {
        _url.Scheme = "file";
        _url.Host = "";
        if (C is '/' or '\\')
        {
            _state = State.FileSlash;
            return Step.Next;
        }
        if (_base is { Scheme: "file" } baseUrl)
        {
            _url.Host = baseUrl.Host;
            _url.Segments.AddRange(baseUrl.Segments);
            _url.Query = baseUrl.Query;
            if (C == '?')
            {
                _url.Query = "";
                _state = State.Query;
                return Step.Next;
            }
            if (C == '#')
            {
                _url.Fragment = "";
                _state = State.Fragment;
                return Step.Next;
            }
            // At the end of the input the base's path and query are the URL's; anything else is a path.
            if (C == Eof) return Step.Next;
            _url.Query = null;
            if (!StartsWithWindowsDriveLetter(_pointer)) ShortenPath();
            else _url.Segments.Clear();
        }
        _state = State.Path;
        Back();
        return Step.Next;
    }

    private Step FileSlash()
    {
        if (C is '/' or '\\')
        {
            _state = State.FileHost;
            return Step.Next;
        }
        if (_base is { Scheme: "file" } baseUrl)
        {
            _url.Host = baseUrl.Host;
            if (!StartsWithWindowsDriveLetter(_pointer) && baseUrl.Segments.Count > 0 && IsWindowsDriveLetter(baseUrl.Segments[0], normalized: true))
                _url.Segments.Add(baseUrl.Segments[0]);
        }
        _state = State.Path;
        Back();
        return Step.Next;
    }

    private Step FileHost()
    {
        var c = C;
        if (c is not (Eof or '/' or '\\' or '?' or '#'))
        {
            Append(c);
            return Step.Next;
        }
        Back();
        var buffer = _buffer.ToString();
        if (_override is null && IsWindowsDriveLetter(buffer, normalized: false))
        {
            // "file://C:/x": the drive letter is the path's first segment, not a host; the buffer goes on to the path state.
            _state = State.Path;
            return Step.Next;
        }
        if (buffer.Length == 0)
        {
            _url.Host = "";
            if (_override is not null) return Step.Done;
            _state = State.PathStart;
            return Step.Next;
        }
        if (UrlHost.Parse(buffer, !_url.IsSpecial) is not { } host) return Step.Failure;
        _url.Host = host == "localhost" ? "" : host;
        if (_override is not null) return Step.Done;
        _buffer.Clear();
        _state = State.PathStart;
        return Step.Next;
    }

    private Step PathStart()
    {
        var c = C;
        if (_url.IsSpecial)
        {
            _state = State.Path;
            if (c is not ('/' or '\\')) Back();
        }
        else if (_override is null && c == '?')
        {
            _url.Query = "";
            _state = State.Query;
        }
        else if (_override is null && c == '#')
        {
            _url.Fragment = "";
            _state = State.Fragment;
        }
        else if (c != Eof)
        {
            _state = State.Path;
            if (c != '/') Back();
        }
        else if (_override is not null && _url.Host is null) _url.Segments.Add("");
        return Step.Next;
    }

    private Step Path()
    {
        var c = C;
        if (!(c == Eof || IsSlash(c) || (_override is null && c is '?' or '#')))
        {
            UrlPercentEncoding.Append(_buffer, c, PercentEncodeSet.Path);
            return Step.Next;
        }
        var buffer = _buffer.ToString();
        if (IsDoubleDotSegment(buffer))
        {
            ShortenPath();
            if (!IsSlash(c)) _url.Segments.Add("");
        }
        else if (IsSingleDotSegment(buffer))
        {
            if (!IsSlash(c)) _url.Segments.Add("");
        }
        else
        {
            if (_url.Scheme == "file" && _url.Segments.Count == 0 && IsWindowsDriveLetter(buffer, normalized: false))
                buffer = buffer[0] + ":" + buffer[2..];
            _url.Segments.Add(buffer);
        }
        _buffer.Clear();
        if (c == '?')
        {
            _url.Query = "";
            _state = State.Query;
        }
        else if (c == '#')
        {
            _url.Fragment = "";
            _state = State.Fragment;
        }
        return Step.Next;
    }

    private Step OpaquePath()
    {
        var path = new StringBuilder(_url.OpaquePath);
        for (; C != Eof; _pointer++)
        {
            var c = C;
            if (c is '?' or '#') break;
            // A space before a query or fragment is encoded, so that no serialization ends the path in a space.
            if (c == ' ' && Ahead(1) is '?' or '#') path.Append("%20");
            else UrlPercentEncoding.Append(path, c, PercentEncodeSet.C0Control);
        }
        _url.OpaquePath = path.ToString();
        if (C == '?')
        {
            _url.Query = "";
            _state = State.Query;
        }
        else if (C == '#')
        {
            _url.Fragment = "";
            _state = State.Fragment;
        }
        return Step.Next;
    }

    private Step Query()
    {
        var query = new StringBuilder(_url.Query);
        var set = _url.IsSpecial ? PercentEncodeSet.SpecialQuery : PercentEncodeSet.Query;
        for (; C != Eof && (_override is not null || C != '#'); _pointer++) UrlPercentEncoding.Append(query, C, set);
        _url.Query = query.ToString();
        if (C == '#')
        {
            _url.Fragment = "";
            _state = State.Fragment;
        }
        return Step.Next;
    }

    private Step Fragment()
    {
        var fragment = new StringBuilder(_url.Fragment);
        for (; C != Eof; _pointer++) UrlPercentEncoding.Append(fragment, C, PercentEncodeSet.Fragment);
        _url.Fragment = fragment.ToString();
        return Step.Next;
    }

    private void ShortenPath()
    {
        var path = _url.Segments;
        if (_url.Scheme == "file" && path.Count == 1 && IsWindowsDriveLetter(path[0], normalized: true)) return;
        if (path.Count > 0) path.RemoveAt(path.Count - 1);
    }

    private static bool IsWindowsDriveLetter(string text, bool normalized) =>
        text.Length == 2 && IsAsciiAlpha(text[0]) && (text[1] == ':' || (!normalized && text[1] == '|'));

    /// <summary>The input from <paramref name="at"/> starts with a drive letter followed by its end or "/", "\", "?" or "#".</summary>
    private bool StartsWithWindowsDriveLetter(int at) =>
        at + 1 < _input.Length && IsAsciiAlpha(_input[at]) && _input[at + 1] is ':' or '|'
        && (at + 2 == _input.Length || _input[at + 2] is '/' or '\\' or '?' or '#');

    private static bool IsSingleDotSegment(string text) => text == "." || text.Equals("%2e", StringComparison.OrdinalIgnoreCase);

    private static bool IsDoubleDotSegment(string text) => text.ToLowerInvariant() is ".." or ".%2e" or "%2e." or "%2e%2e";
}
