using ActorRuntime.Browsing;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace ActorRuntime.Apis.Toolbar;

/// <summary>Badge colours as browsers take them (a CSS colour, or <c>[r, g, b, a]</c>) and give them back (<c>[r, g, b, a]</c>).</summary>
internal static class ActionColors
{
    /// <summary>The colour, or null when the value cannot be one (a CSS text AngleSharp's parser does not read as a colour).</summary>
    public static Rgba? Read(JsValue value)
    {
        if (value.IsString())
        {
            var text = value.AsString().Trim();
            if (text.Length == 0 || text.Length > 200) return null;
            // AngleSharp's CSS parser reads it as a colour property would, and writes it back as rgba(r, g, b, alpha).
            var declared = new AngleSharp.Css.Parser.CssParser().ParseDeclaration("color: " + text)?.GetPropertyValue("color") ?? "";
            var match = System.Text.RegularExpressions.Regex.Match(declared, @"^rgba?\((\d+), (\d+), (\d+)(?:, ([\d.]+))?\)$");
            if (!match.Success) return null;
            byte Channel(int group) => (byte)Math.Clamp(int.Parse(match.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture), 0, 255);
            var alpha = match.Groups[4].Success ? double.Parse(match.Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture) : 1;
            return new Rgba(Channel(1), Channel(2), Channel(3), (byte)Math.Clamp(Math.Round(alpha * 255), 0, 255));
        }
        if (value is not ObjectInstance array || !array.IsArray()) return null;
        var length = (long)TypeConverter.ToNumber(array.Get("length"));
        if (length != 4) return null;
        var parts = new byte[4];
        for (var i = 0; i < 4; i++)
        {
            var part = TypeConverter.ToNumber(array.Get(i));
            if (double.IsNaN(part)) return null;
            parts[i] = (byte)Math.Clamp(Math.Round(part), 0, 255);
        }
        return new Rgba(parts[0], parts[1], parts[2], parts[3]);
    }

    public static JsValue ToArray(Engine engine, Rgba color) =>
        new JsArray(engine, [(int)color.R, (int)color.G, (int)color.B, (int)color.A]);
}
