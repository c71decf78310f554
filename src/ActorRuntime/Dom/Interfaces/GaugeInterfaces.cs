using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Jint.Native;
using Jint.Runtime;
using static ActorRuntime.Dom.DomBinding;

namespace ActorRuntime.Dom.Interfaces;

/// <summary>
/// <c>&lt;meter&gt;</c> and <c>&lt;progress&gt;</c>: their numbers read from the content attributes with HTML's rules for
/// parsing floating-point number values, defaulted and kept within each other's bounds as HTML says.
/// </summary>
internal static partial class GaugeInterfaces
{
    public static readonly DomInterface HTMLMeterElement = DomInterface.Define<IHtmlMeterElement>("HTMLMeterElement", ElementInterfaces.HTMLElement, m => m
        .Property("value", (_, e) => Meter(e).Value, (dom, e, v) => SetDouble(dom, e, "value", v, "HTMLMeterElement"))
        .Property("min", (_, e) => Meter(e).Min, (dom, e, v) => SetDouble(dom, e, "min", v, "HTMLMeterElement"))
        .Property("max", (_, e) => Meter(e).Max, (dom, e, v) => SetDouble(dom, e, "max", v, "HTMLMeterElement"))
        .Property("low", (_, e) => Meter(e).Low, (dom, e, v) => SetDouble(dom, e, "low", v, "HTMLMeterElement"))
        .Property("high", (_, e) => Meter(e).High, (dom, e, v) => SetDouble(dom, e, "high", v, "HTMLMeterElement"))
        .Property("optimum", (_, e) => Meter(e).Optimum, (dom, e, v) => SetDouble(dom, e, "optimum", v, "HTMLMeterElement"))
        .Get("labels", (dom, e) => dom.Wrap(new StaticNodeList(FormInterfaces.Labels(e)))));

    public static readonly DomInterface HTMLProgressElement = DomInterface.Define<IHtmlProgressElement>("HTMLProgressElement", ElementInterfaces.HTMLElement, m => m
        // No value attribute: indeterminate, value 0 and position -1; else the value within 0 and max.
        .Property("value", (_, e) => ProgressValue(e) is { } value ? value : 0, (dom, e, v) => SetDouble(dom, e, "value", v, "HTMLProgressElement"))
        // Reflected "limited to only positive numbers": 1 unless positive, and a setter that ignores the rest.
        .Property("max", (_, e) => ProgressMax(e), (dom, e, v) =>
        {
            var number = FiniteDouble(dom, v, "max", "HTMLProgressElement");
            if (number > 0) e.SetAttribute("max", Format(number));
        })
        .Get("position", (_, e) => ProgressValue(e) is { } value ? value / ProgressMax(e) : -1)
        .Get("labels", (dom, e) => dom.Wrap(new StaticNodeList(FormInterfaces.Labels(e)))));

    public static readonly (DomInterface Interface, Type Type)[] Elements =
        [(HTMLMeterElement, typeof(IHtmlMeterElement)), (HTMLProgressElement, typeof(IHtmlProgressElement))];

    private readonly record struct MeterValues(double Value, double Min, double Max, double Low, double High, double Optimum);

    /// <summary>The meter's numbers: min (0), max (1, at least min), value within them, low and high within them and in order, optimum (the middle) within them.</summary>
    private static MeterValues Meter(IElement e)
    {
        var min = Number(e, "min") ?? 0;
        var max = Math.Max(Number(e, "max") ?? 1, min);
        var value = Math.Clamp(Number(e, "value") ?? 0, min, max);
        var low = Math.Clamp(Number(e, "low") ?? min, min, max);
        var high = Math.Clamp(Number(e, "high") ?? max, low, max);
        var optimum = Math.Clamp(Number(e, "optimum") ?? (min + max) / 2, min, max);
        return new(value, min, max, low, high, optimum);
    }

    private static double ProgressMax(IElement e) => Number(e, "max") is > 0 and var max ? max : 1;

    private static double? ProgressValue(IElement e) =>
        e.HasAttribute("value") ? Math.Min(Math.Max(Number(e, "value") ?? 0, 0), ProgressMax(e)) : null;

    private static double? Number(IElement e, string attribute) => ParseFloat(e.GetAttribute(attribute));

    /// <summary>HTML's rules for parsing floating-point number values: leading whitespace skipped, the longest number at the start, trailing text ignored.</summary>
    public static double? ParseFloat(string? text)
    {
        if (text is null) return null;
        var match = LeadingNumber().Match(text.TrimStart(' ', '\t', '\n', '\f', '\r'));
        if (!match.Success) return null;
        var number = double.Parse(match.Value.TrimStart('+'), NumberStyles.Float, CultureInfo.InvariantCulture);
        return double.IsFinite(number) ? (number == 0 ? 0 : number) : null;
    }

    [GeneratedRegex(@"^[-+]?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingNumber();

    /// <summary>A Web IDL <c>double</c> (finite) written back as the number's shortest string.</summary>
    private static void SetDouble(DomBinding dom, IElement e, string attribute, JsValue value, string interfaceName) =>
        e.SetAttribute(attribute, Format(FiniteDouble(dom, value, attribute, interfaceName)));

    private static double FiniteDouble(DomBinding dom, JsValue value, string attribute, string interfaceName)
    {
        var number = TypeConverter.ToNumber(value);
        if (double.IsFinite(number)) return number;
        throw dom.TypeError(dom.Flavor == Flavor.Chrome
            ? $"Failed to set the '{attribute}' property on '{interfaceName}': The provided double value is non-finite."
            : $"{interfaceName}.{attribute} setter: Value being assigned is not a finite floating-point value.");
    }

    private static string Format(double number) => TypeConverter.ToString(JsNumber.Create(number));
}
