using Jint;
using System.Text;
using AngleSharp.Dom;
using Jint.Native;

namespace ActorRuntime.Dom;

/// <summary>
/// An element's <c>style</c>: the declarations of its <c>style</c> attribute, read from and written back to it, with
/// each CSS property also reachable by its camel-cased name (<c>style.backgroundColor</c>). Nothing is computed: there
/// is no layout, so values are what was written (as a browser's inline style reads them back, unnormalised).
/// </summary>
internal sealed class InlineStyle(IElement element, DocumentState? computedIn = null) : INamedItems
{
    public IElement Element { get; } = element;

    /// <summary><c>getComputedStyle</c>'s: the declarations that win the cascade (<see cref="StyleCascade"/>), read-only.</summary>
    public bool IsComputed => computedIn is not null;

    public List<(string Name, string Value, bool Important)> Read() =>
        computedIn is { } state ? StyleCascade.Declared(state, Element, ReadInline()) : ReadInline();

    private List<(string Name, string Value, bool Important)> ReadInline()
    {
        var list = new List<(string, string, bool)>();
        var text = Element.GetAttribute("style");
        if (string.IsNullOrWhiteSpace(text)) return list;
        foreach (var part in text.Split(';'))
        {
            var colon = part.IndexOf(':');
            if (colon <= 0) continue;
            var name = part[..colon].Trim().ToLowerInvariant();
            var value = part[(colon + 1)..].Trim();
            var important = value.EndsWith("!important", StringComparison.OrdinalIgnoreCase);
            if (important) value = value[..^"!important".Length].TrimEnd();
            if (name.Length == 0 || value.Length == 0) continue;
            list.RemoveAll(d => d.Item1 == name);
            list.Add((name, value, important));
        }
        return list;
    }

    private void Write(List<(string Name, string Value, bool Important)> declarations)
    {
        if (declarations.Count == 0)
        {
            Element.SetAttribute("style", "");
            return;
        }
        var text = new StringBuilder();
        foreach (var (name, value, important) in declarations)
        {
            if (text.Length > 0) text.Append(' ');
            text.Append(name).Append(": ").Append(value).Append(important ? " !important;" : ";");
        }
        Element.SetAttribute("style", text.ToString());
    }

    public string CssText
    {
        get => IsComputed ? Serialize(Read()) : Element.GetAttribute("style") is null ? "" : Serialize(Read());
        set => Element.SetAttribute("style", value);
    }

    private static string Serialize(List<(string Name, string Value, bool Important)> declarations) =>
        string.Join(" ", declarations.Select(d => $"{d.Name}: {d.Value}{(d.Important ? " !important" : "")};"));

    public string GetPropertyValue(string name) => Read().FirstOrDefault(d => d.Name == name.ToLowerInvariant()).Value ?? "";

    public string GetPropertyPriority(string name) => Read().FirstOrDefault(d => d.Name == name.ToLowerInvariant()).Important ? "important" : "";

    public void SetProperty(string name, string value, bool important = false)
    {
        var declarations = Read();
        var key = name.StartsWith("--", StringComparison.Ordinal) ? name : name.ToLowerInvariant();
        var at = declarations.FindIndex(d => d.Name == key);
        if (value.Trim().Length == 0)
        {
            if (at >= 0) declarations.RemoveAt(at);
        }
        else if (at >= 0) declarations[at] = (key, value.Trim(), important);
        else declarations.Add((key, value.Trim(), important));
        Write(declarations);
    }

    public string RemoveProperty(string name)
    {
        var old = GetPropertyValue(name);
        SetProperty(name, "");
        return old;
    }

    /// <summary><c>backgroundColor</c> → <c>background-color</c>; <c>cssFloat</c> → <c>float</c>; null for what cannot be a property name.</summary>
    public static string? PropertyName(string camel)
    {
        if (camel == "cssFloat") return "float";
        if (camel.Length == 0 || !camel.All(char.IsAsciiLetter)) return null;
        var text = new StringBuilder();
        foreach (var c in camel)
        {
            if (char.IsAsciiLetterUpper(c)) text.Append('-').Append(char.ToLowerInvariant(c));
            else text.Append(c);
        }
        var name = text.ToString();
        return name.StartsWith("webkit-", StringComparison.Ordinal) ? "-" + name : name;
    }

    public bool TryGet(string name, out JsValue value)
    {
        value = JsValue.Undefined;
        if (PropertyName(name) is not { } css) return false;
        value = new JsString(GetPropertyValue(css));
        return true;
    }

    public bool TrySet(string name, JsValue value)
    {
        if (PropertyName(name) is not { } css) return false;
        // A computed style is read-only: what is assigned to it changes nothing.
        if (IsComputed) return true;
        SetProperty(css, value.IsNull() ? "" : Jint.Runtime.TypeConverter.ToString(value));
        return true;
    }

    public bool Delete(string name) => false;

    // The declared properties are reachable by name, but enumerating a style lists indices, as in browsers.
    public IEnumerable<string> Names() => [];
}

/// <summary>An element's <c>dataset</c>: its <c>data-*</c> attributes by camel-cased name.</summary>
internal sealed class DatasetItems(IElement element) : INamedItems
{
    public IElement Element { get; } = element;

    private static string Attribute(string name)
    {
        var text = new StringBuilder("data-");
        foreach (var c in name)
        {
            if (char.IsAsciiLetterUpper(c)) text.Append('-').Append(char.ToLowerInvariant(c));
            else text.Append(c);
        }
        return text.ToString();
    }

    private static string Property(string attribute)
    {
        var text = new StringBuilder();
        var upper = false;
        foreach (var c in attribute["data-".Length..])
        {
            if (c == '-') upper = true;
            else
            {
                text.Append(upper && char.IsAsciiLetterLower(c) ? char.ToUpperInvariant(c) : c);
                if (upper && !char.IsAsciiLetterLower(c)) text.Insert(text.Length - 1, '-');
                upper = false;
            }
        }
        return text.ToString();
    }

    public bool TryGet(string name, out JsValue value)
    {
        var attribute = Element.GetAttribute(Attribute(name));
        value = attribute is null ? JsValue.Undefined : new JsString(attribute);
        return attribute is not null;
    }

    public bool TrySet(string name, JsValue value)
    {
        Element.SetAttribute(Attribute(name), Jint.Runtime.TypeConverter.ToString(value));
        return true;
    }

    public bool Delete(string name)
    {
        Element.RemoveAttribute(Attribute(name));
        return true;
    }

    public IEnumerable<string> Names() =>
        Element.Attributes.Where(a => a.Name.StartsWith("data-", StringComparison.Ordinal)).Select(a => Property(a.Name)).ToList();
}
