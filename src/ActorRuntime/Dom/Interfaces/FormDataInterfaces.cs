using AngleSharp.Html.Dom;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Native.Symbol;
using Jint.Runtime.Descriptors;
using static ActorRuntime.Dom.DomBinding;

namespace ActorRuntime.Dom.Interfaces;

/// <summary>A <c>FormData</c>'s entry list: names and string values (files are not supported).</summary>
internal sealed class FormDataList
{
    public List<(string Name, string Value)> Entries { get; } = [];
}

/// <summary>An iterator over a FormData's entries, live as Web IDL's pair iterators are.</summary>
internal sealed class FormDataIterator(FormDataList list, int kind)
{
    public const int Keys = 0, Values = 1, Entries = 2;

    public FormDataList List { get; } = list;
    public int Kind { get; } = kind;
    public int Index { get; set; }
}

/// <summary>
/// XHR's <c>FormData</c>: built empty or from a form's controls (the form data set a submission would send), its
/// entries read and changed by name, iterated in order; and what <c>Request</c>/<c>Response</c>'s <c>formData()</c>
/// resolve with for an <c>application/x-www-form-urlencoded</c> body.
/// </summary>
internal static class FormDataInterfaces
{
    public static readonly DomInterface FormData = DomInterface.Define<FormDataList>("FormData", null, m => m
        .Constructible(0, (dom, args) =>
        {
            var list = new FormDataList();
            var form = Argument(args, 0);
            if (form.IsUndefined()) return list;
            var element = dom.Node<IHtmlFormElement>(args, 0, "constructor", "FormData", "HTMLFormElement");
            IHtmlElement? submitter = null;
            if (!Argument(args, 1).IsUndefined() && !Argument(args, 1).IsNull())
            {
                submitter = dom.Node<IHtmlElement>(args, 1, "constructor", "FormData", "HTMLElement");
                if (!FormInterfaces.IsSubmitButton(submitter))
                    throw dom.TypeError(dom.Flavor == Flavor.Chrome
                        ? "Failed to construct 'FormData': The specified element is not a submit button."
                        : "FormData constructor: The submitter is not a submit button.");
                if (FormInterfaces.FormOf(submitter) != element)
                    throw dom.DomError("NotFoundError", dom.Flavor == Flavor.Chrome
                        ? "Failed to construct 'FormData': The specified element is not owned by this form element."
                        : "FormData constructor: The submitter is not owned by this form.");
            }
            list.Entries.AddRange(dom.FormData(element, submitter));
            return list;
        })
        .Method("append", 2, (dom, f, args) =>
        {
            f.Entries.Add((Usv(dom, args, 0, "append", 2), Usv(dom, args, 1, "append", 2)));
            return JsValue.Undefined;
        })
        .Method("delete", 1, (dom, f, args) =>
        {
            var name = Usv(dom, args, 0, "delete", 1);
            f.Entries.RemoveAll(entry => entry.Name == name);
            return JsValue.Undefined;
        })
        .Method("get", 1, (dom, f, args) =>
        {
            var name = Usv(dom, args, 0, "get", 1);
            return f.Entries.FindIndex(entry => entry.Name == name) is var i and >= 0 ? f.Entries[i].Value : JsValue.Null;
        })
        .Method("getAll", 1, (dom, f, args) =>
        {
            var name = Usv(dom, args, 0, "getAll", 1);
            return new JsArray(dom.Engine, f.Entries.Where(entry => entry.Name == name).Select(entry => (JsValue)entry.Value).ToArray());
        })
        .Method("has", 1, (dom, f, args) =>
        {
            var name = Usv(dom, args, 0, "has", 1);
            return Boolean(f.Entries.Exists(entry => entry.Name == name));
        })
        .Method("set", 2, (dom, f, args) =>
        {
            var (name, value) = (Usv(dom, args, 0, "set", 2), Usv(dom, args, 1, "set", 2));
            var first = f.Entries.FindIndex(entry => entry.Name == name);
            if (first < 0) f.Entries.Add((name, value));
            else
            {
                f.Entries[first] = (name, value);
                for (var i = f.Entries.Count - 1; i > first; i--)
                    if (f.Entries[i].Name == name) f.Entries.RemoveAt(i);
            }
            return JsValue.Undefined;
        })
        .Method("forEach", 1, (dom, f, args) =>
        {
            var callback = Argument(args, 0);
            if (!callback.IsCallable())
                throw dom.TypeError(dom.Flavor == Flavor.Chrome
                    ? "Failed to execute 'forEach' on 'FormData': The callback provided as parameter 1 is not a function."
                    : "FormData.forEach: Argument 1 is not callable.");
            var self = dom.Wrap(f);
            for (var i = 0; i < f.Entries.Count; i++) dom.Engine.Call(callback, Argument(args, 1), [f.Entries[i].Value, f.Entries[i].Name, self]);
            return JsValue.Undefined;
        })
        .Method("entries", 0, (dom, f, _) => dom.Wrap(new FormDataIterator(f, FormDataIterator.Entries)))
        .Method("keys", 0, (dom, f, _) => dom.Wrap(new FormDataIterator(f, FormDataIterator.Keys)))
        .Method("values", 0, (dom, f, _) => dom.Wrap(new FormDataIterator(f, FormDataIterator.Values)))
        .WithSymbols((_, prototype, _) =>
            prototype.DefineOwnProperty(GlobalSymbolRegistry.Iterator, new PropertyDescriptor(prototype.Get("entries"), PropertyFlag.Configurable | PropertyFlag.Writable))));

    public static readonly DomInterface Iterator = DomInterface.Define<FormDataIterator>("FormData Iterator", null, m => m
        .Method("next", 0, (dom, it, _) =>
        {
            var result = new JsObject(dom.Engine);
            var done = it.Index >= it.List.Entries.Count;
            JsValue value = JsValue.Undefined;
            if (!done)
            {
                var (name, text) = it.List.Entries[it.Index++];
                value = it.Kind switch
                {
                    FormDataIterator.Keys => name,
                    FormDataIterator.Values => text,
                    _ => new JsArray(dom.Engine, [name, text]),
                };
            }
            result.FastSetDataProperty("value", value);
            result.FastSetDataProperty("done", Boolean(done));
            return result;
        })
        .WithSymbols((dom, prototype, _) =>
        {
            // %IteratorPrototype% above it (so for...of and spread work on it); no constructor of its own.
            var generator = (ObjectInstance)dom.Engine.Evaluate(in GeneratorScript);
            prototype.Prototype = ((ObjectInstance)generator.Get("prototype")).Prototype?.Prototype ?? prototype.Prototype;
            prototype.RemoveOwnProperty("constructor");
        }));

    private static readonly Prepared<Acornima.Ast.Script> GeneratorScript = Engine.PrepareScript("(function* () {})", "formdata-iterator");

    public static readonly DomInterface[] All = [FormData];

    public static DomInterface? For(object target) => target switch
    {
        FormDataList => FormData,
        FormDataIterator => Iterator,
        _ => null,
    };

    /// <summary>The FormData of an <c>application/x-www-form-urlencoded</c> body (its bytes as UTF-8), or null for any other type.</summary>
    public static FormDataList? FromBody(byte[] bytes, string? contentType)
    {
        var essence = (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        if (essence != "application/x-www-form-urlencoded") return null;
        var list = new FormDataList();
        list.Entries.AddRange(FormUrlEncoded.Parse(System.Text.Encoding.UTF8.GetString(bytes)));
        return list;
    }

    private static string Usv(DomBinding dom, JsValue[] args, int index, string member, int required)
    {
        if (args.Length < required)
            throw dom.TypeError(dom.Flavor == Flavor.Chrome
                ? $"Failed to execute '{member}' on 'FormData': {required} argument{(required == 1 ? "" : "s")} required, but only {args.Length} present."
                : $"FormData.{member}: At least {required} argument{(required == 1 ? "" : "s")} required, but only {args.Length} passed");
        return FormUrlEncoded.Usv(dom.DomString(args[index]));
    }
}
