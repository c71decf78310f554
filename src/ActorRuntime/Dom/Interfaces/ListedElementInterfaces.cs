using System.Runtime.CompilerServices;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Jint.Native;
using static ActorRuntime.Dom.DomBinding;

namespace ActorRuntime.Dom.Interfaces;

/// <summary>
/// The listed elements besides the input-like controls: <c>&lt;fieldset&gt;</c> (its controls, its form),
/// <c>&lt;output&gt;</c> (its value and default value as HTML's value mode flag and default value override keep them) and
/// <c>&lt;object&gt;</c> (its form and reflected attributes).
/// </summary>
internal static class ListedElementInterfaces
{
    // First: the interfaces below use it as they are defined.
    private static readonly ConditionalWeakTable<IElement, OutputState> Outputs = new();

    public static readonly DomInterface HTMLFieldSetElement = DomInterface.Define<IHtmlFieldSetElement>("HTMLFieldSetElement", ElementInterfaces.HTMLElement, m =>
        FormInterfaces.Validation(m)
            .Reflect("name").ReflectBoolean("disabled")
            .Get("type", (_, _) => "fieldset")
            .Get("form", (dom, e) => dom.Wrap(FormInterfaces.FormOf(e)))
            .Get("elements", (dom, e) => dom.Wrap(Listed(e))));

    public static readonly DomInterface HTMLOutputElement = DomInterface.Define<IHtmlOutputElement>("HTMLOutputElement", ElementInterfaces.HTMLElement, m =>
        FormInterfaces.Validation(m)
            .Reflect("name")
            .Get("type", (_, _) => "output")
            .Get("form", (dom, e) => dom.Wrap(FormInterfaces.FormOf(e)))
            .Get("labels", (dom, e) => dom.Wrap(new StaticNodeList(FormInterfaces.Labels(e))))
            .Get("htmlFor", (dom, e) => dom.Wrap(e.HtmlFor))
            .Property("value", (_, e) => e.TextContent, (dom, e, v) =>
            {
                // The value mode flag becomes "value": the default value is kept aside first.
                var state = Outputs.GetValue(e, _ => new OutputState());
                state.DefaultOverride ??= e.TextContent;
                e.TextContent = dom.NullIsEmpty(v);
            })
            .Property("defaultValue", (_, e) => Outputs.TryGetValue(e, out var state) && state.DefaultOverride is { } kept ? kept : e.TextContent, (dom, e, v) =>
            {
                var text = dom.NullIsEmpty(v);
                if (Outputs.TryGetValue(e, out var state) && state.DefaultOverride is not null) state.DefaultOverride = text;
                else e.TextContent = text;
            }));

    public static readonly DomInterface HTMLObjectElement = DomInterface.Define<IHtmlObjectElement>("HTMLObjectElement", ElementInterfaces.HTMLElement, m =>
        FormInterfaces.Validation(m)
            .Reflect("name").Reflect("type").Reflect("useMap", "usemap").Reflect("width").Reflect("height")
            .Property("data", (dom, e) => e.GetAttribute("data") is { } data ? dom.ResolveUrl(data, e) : "", (dom, e, v) => e.SetAttribute("data", dom.DomString(v)))
            .Get("form", (dom, e) => dom.Wrap(FormInterfaces.FormOf(e))));

    public static readonly (DomInterface Interface, Type Type)[] Elements =
        [(HTMLFieldSetElement, typeof(IHtmlFieldSetElement)), (HTMLOutputElement, typeof(IHtmlOutputElement)), (HTMLObjectElement, typeof(IHtmlObjectElement))];

    private sealed class OutputState
    {
        /// <summary>HTML's default value override: null in "default" mode, the default value once a script set the value.</summary>
        public string? DefaultOverride { get; set; }
    }

    /// <summary>An output's reset algorithm: back to "default" mode, its text the default value.</summary>
    public static void Reset(IHtmlOutputElement output)
    {
        if (!Outputs.TryGetValue(output, out var state) || state.DefaultOverride is not { } kept) return;
        state.DefaultOverride = null;
        output.TextContent = kept;
    }

    /// <summary>The listed elements among the fieldset's descendants, in tree order.</summary>
    private static IReadOnlyList<IElement> Listed(IElement fieldset) =>
        fieldset.Descendants<IElement>().Where(e => e is IHtmlButtonElement or IHtmlFieldSetElement or IHtmlInputElement or IHtmlObjectElement
            or IHtmlOutputElement or IHtmlSelectElement or IHtmlTextAreaElement).ToList().AsReadOnly();
}
