using System.Text;

namespace ActorRuntime.Dom;

/// <summary>
/// The URL Standard's basic URL parser: a state machine over the input's code points that fills a
/// <see cref="UrlRecord"/>, against a base URL for relative input, or, with a state override, changes one component of
/// an existing record (what the setters do). This file holds the entry points and the states up to the port; the path,
/// query, fragment and file states are in UrlParser.Paths.cs. Validation errors that are not failures are not reported.
/// </summary>
internal sealed partial class UrlParser
{
    public enum State
    {
        SchemeStart, Scheme, NoScheme, SpecialRelativeOrAuthority, PathOrAuthority, Relative, RelativeSlash,
        SpecialAuthoritySlashes, SpecialAuthorityIgnoreSlashes, Authority, Host, Hostname, Port,
        File, FileSlash, FileHost, PathStart, Path, OpaquePath, Query, Fragment,
    }

    /// <summary>What a state's step asks of the loop: go on, stop with the URL as it is, or fail.</summary>
    private enum Step { Next, Done, Failure }

    private const int Eof = -1;

    private readonly int[] _input;
    private readonly UrlRecord _url;
    private readonly UrlRecord? _base;
    private readonly State? _override;
    private readonly StringBuilder _buffer = new();
    private State _state;
    private int _pointer;
    private bool _atSignSeen, _insideBrackets, _passwordTokenSeen;

    private UrlParser(string input, UrlRecord url, UrlRecord? baseUrl, State? stateOverride)
    {
        _input = UrlPercentEncoding.CodePoints(input);
        _url = url;
        _base = baseUrl;
        _override = stateOverride;
        _state = stateOverride ?? State.SchemeStart;
    }

    /// <summary>A string parsed on its own or against a base: the record, or null for failure.</summary>
    public static UrlRecord? Parse(string input, UrlRecord? baseUrl)
    {
        // Leading and trailing C0 controls and spaces go, and ASCII tabs and newlines anywhere.
        var trimmed = input.AsSpan().Trim(C0ControlOrSpace);
        var url = new UrlRecord();
        var parser = new UrlParser(WithoutTabOrNewline(trimmed), url, baseUrl, null);
        return parser.Run() == Step.Failure ? null : url;
    }

    /// <summary>The parser run on an existing record from <paramref name="state"/>; false when it refused the input.</summary>
    public static bool Override(UrlRecord url, string input, State state) =>
        new UrlParser(WithoutTabOrNewline(input), url, null, state).Run() != Step.Failure;

    private static readonly string C0ControlOrSpace = new([.. Enumerable.Range(0, 0x21).Select(c => (char)c)]);

    private static string WithoutTabOrNewline(ReadOnlySpan<char> text)
    {
        var output = new StringBuilder(text.Length);
        foreach (var c in text)
            if (c is not ('\t' or '\n' or '\r')) output.Append(c);
        return output.ToString();
    }

    private int C => _pointer >= 0 && _pointer < _input.Length ? _input[_pointer] : Eof;

    /// <summary>The code point <paramref name="offset"/> places after the current one, or EOF.</summary>
    private int Ahead(int offset) => _pointer + offset < _input.Length ? _input[_pointer + offset] : Eof;

    /// <summary>The input from the current code point on, as a string.</summary>
    private string Remaining(int from) => _pointer + from >= _input.Length ? "" : string.Concat(_input[(_pointer + from)..].Select(char.ConvertFromUtf32));

    private Step Run()
    {
        for (; ; _pointer++)
        {
            var step = _state switch
            {
                State.SchemeStart => SchemeStart(),
                State.Scheme => Scheme(),
                State.NoScheme => NoScheme(),
                State.SpecialRelativeOrAuthority => SpecialRelativeOrAuthority(),
                State.PathOrAuthority => PathOrAuthority(),
                State.Relative => Relative(),
                State.RelativeSlash => RelativeSlash(),
                State.SpecialAuthoritySlashes => SpecialAuthoritySlashes(),
                State.SpecialAuthorityIgnoreSlashes => SpecialAuthorityIgnoreSlashes(),
                State.Authority => Authority(),
                State.Host or State.Hostname => Host(),
                State.Port => Port(),
                State.File => File(),
                State.FileSlash => FileSlash(),
                State.FileHost => FileHost(),
                State.PathStart => PathStart(),
                State.Path => Path(),
                State.OpaquePath => OpaquePath(),
                State.Query => Query(),
                _ => Fragment(),
            };
            if (step != Step.Next) return step;
            if (_pointer >= _input.Length) return Step.Done;
        }
    }

    private static bool IsAsciiAlpha(int c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z';

    private static int Lower(int c) => c is >= 'A' and <= 'Z' ? c + 32 : c;

    private void Append(int c) => _buffer.Append(char.ConvertFromUtf32(c));

    private void Back() => _pointer--;

    private Step SchemeStart()
    {
        if (IsAsciiAlpha(C))
        {
            Append(Lower(C));
            _state = State.Scheme;
        }
        else if (_override is null)
        {
            _state = State.NoScheme;
            Back();
        }
        else return Step.Failure;
        return Step.Next;
    }

    private Step Scheme()
    {
        var c = C;
        if (IsAsciiAlpha(c) || c is >= '0' and <= '9' or '+' or '-' or '.')
        {
            Append(Lower(c));
            return Step.Next;
        }
        if (c == ':')
        {
            var scheme = _buffer.ToString();
            if (_override is not null)
            {
                // A setter may not turn a special URL into a non-special one or back, nor make a file: URL of one
                // with credentials or a port, nor change the scheme of a file: URL with an empty host.
                if (_url.IsSpecial != UrlRecord.IsSpecialScheme(scheme)) return Step.Done;
                if ((_url.IncludesCredentials || _url.PortNumber is not null) && scheme == "file") return Step.Done;
                if (_url.Scheme == "file" && _url.Host == "") return Step.Done;
            }
            _url.Scheme = scheme;
            if (_override is not null)
            {
                if (_url.PortNumber == UrlRecord.DefaultPort(scheme)) _url.PortNumber = null;
                return Step.Done;
            }
            _buffer.Clear();
            if (scheme == "file") _state = State.File;
            else if (_url.IsSpecial && _base is not null && _base.Scheme == scheme) _state = State.SpecialRelativeOrAuthority;
            else if (_url.IsSpecial) _state = State.SpecialAuthoritySlashes;
            else if (Ahead(1) == '/')
            {
                _state = State.PathOrAuthority;
                _pointer++;
            }
            else
            {
                _url.OpaquePath = "";
                _state = State.OpaquePath;
            }
            return Step.Next;
        }
        if (_override is not null) return Step.Failure;
        // No scheme after all: start over from the first code point, as relative input.
        _buffer.Clear();
        _state = State.NoScheme;
        _pointer = -1;
        return Step.Next;
    }

    private Step NoScheme()
    {
        if (_base is null || (_base.HasOpaquePath && C != '#')) return Step.Failure;
        if (_base.HasOpaquePath)
        {
            _url.Scheme = _base.Scheme;
            _url.OpaquePath = _base.OpaquePath;
            _url.Query = _base.Query;
            _url.Fragment = "";
            _state = State.Fragment;
        }
        else
        {
            _state = _base.Scheme != "file" ? State.Relative : State.File;
            Back();
        }
        return Step.Next;
    }

    private Step SpecialRelativeOrAuthority()
    {
        if (C == '/' && Ahead(1) == '/')
        {
            _state = State.SpecialAuthorityIgnoreSlashes;
            _pointer++;
        }
        else
        {
            _state = State.Relative;
            Back();
        }
        return Step.Next;
    }

    private Step PathOrAuthority()
    {
        if (C == '/') _state = State.Authority;
        else
        {
            _state = State.Path;
            Back();
        }
        return Step.Next;
    }

    private bool IsSlash(int c) => c == '/' || (_url.IsSpecial && c == '\\');

    private Step Relative()
    {
        var baseUrl = _base!;
        _url.Scheme = baseUrl.Scheme;
        if (IsSlash(C))
        {
            _state = State.RelativeSlash;
            return Step.Next;
        }
        CopyAuthority(baseUrl);
        _url.Segments.AddRange(baseUrl.Segments);
        _url.Query = baseUrl.Query;
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
        else if (C != Eof)
        {
            _url.Query = null;
            ShortenPath();
            _state = State.Path;
            Back();
        }
        return Step.Next;
    }

    private void CopyAuthority(UrlRecord from)
    {
        _url.Username = from.Username;
        _url.Password = from.Password;
        _url.Host = from.Host;
        _url.PortNumber = from.PortNumber;
    }

    private Step RelativeSlash()
    {
        if (_url.IsSpecial && C is '/' or '\\') _state = State.SpecialAuthorityIgnoreSlashes;
        else if (C == '/') _state = State.Authority;
        else
        {
            CopyAuthority(_base!);
            _state = State.Path;
            Back();
        }
        return Step.Next;
    }

    private Step SpecialAuthoritySlashes()
    {
        _state = State.SpecialAuthorityIgnoreSlashes;
        if (C == '/' && Ahead(1) == '/') _pointer++;
        else Back();
        return Step.Next;
    }

    private Step SpecialAuthorityIgnoreSlashes()
    {
        if (C is not ('/' or '\\'))
        {
            _state = State.Authority;
            Back();
        }
        return Step.Next;
    }

    private bool EndsAuthority(int c) => c is Eof or '/' or '?' or '#' || (_url.IsSpecial && c == '\\');

    private Step Authority()
    {
        var c = C;
        if (c == '@')
        {
            if (_atSignSeen) _buffer.Insert(0, "%40");
            _atSignSeen = true;
            var username = new StringBuilder(_url.Username);
            var password = new StringBuilder(_url.Password);
            foreach (var codePoint in UrlPercentEncoding.CodePoints(_buffer.ToString()))
            {
                if (codePoint == ':' && !_passwordTokenSeen)
                {
                    _passwordTokenSeen = true;
                    continue;
                }
                UrlPercentEncoding.Append(_passwordTokenSeen ? password : username, codePoint, PercentEncodeSet.Userinfo);
            }
            _url.Username = username.ToString();
            _url.Password = password.ToString();
            _buffer.Clear();
        }
        else if (EndsAuthority(c))
        {
            if (_atSignSeen && _buffer.Length == 0) return Step.Failure;
            _pointer -= UrlPercentEncoding.CodePoints(_buffer.ToString()).Length + 1;
            _buffer.Clear();
            _state = State.Host;
        }
        else Append(c);
        return Step.Next;
    }

    private Step Host()
    {
        var c = C;
        if (_override is not null && _url.Scheme == "file")
        {
            Back();
            _state = State.FileHost;
            return Step.Next;
        }
        if (c == ':' && !_insideBrackets)
        {
            if (_buffer.Length == 0) return Step.Failure;
            if (_override == State.Hostname) return Step.Failure;
            if (UrlHost.Parse(_buffer.ToString(), !_url.IsSpecial) is not { } host) return Step.Failure;
            _url.Host = host;
            _buffer.Clear();
            _state = State.Port;
            return Step.Next;
        }
        if (EndsAuthority(c))
        {
            Back();
            if (_url.IsSpecial && _buffer.Length == 0) return Step.Failure;
            if (_override is not null && _buffer.Length == 0 && (_url.IncludesCredentials || _url.PortNumber is not null)) return Step.Failure;
            if (UrlHost.Parse(_buffer.ToString(), !_url.IsSpecial) is not { } parsed) return Step.Failure;
            _url.Host = parsed;
            _buffer.Clear();
            _state = State.PathStart;
            return _override is not null ? Step.Done : Step.Next;
        }
        if (c == '[') _insideBrackets = true;
        if (c == ']') _insideBrackets = false;
        Append(c);
        return Step.Next;
    }

    private Step Port()
    {
        var c = C;
        if (c is >= '0' and <= '9')
        {
            Append(c);
            return Step.Next;
        }
        if (EndsAuthority(c) || _override is not null)
        {
            if (_buffer.Length > 0)
            {
                var digits = _buffer.ToString().TrimStart('0');
                if (digits.Length > 5 || (digits.Length > 0 && int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) > 65535)) return Step.Failure;
                var port = digits.Length == 0 ? 0 : int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
                _url.PortNumber = port == UrlRecord.DefaultPort(_url.Scheme) ? null : port;
                _buffer.Clear();
                if (_override is not null) return Step.Done;
            }
            if (_override is not null) return Step.Failure;
            _state = State.PathStart;
            Back();
            return Step.Next;
        }
        return Step.Failure;
    }
}
