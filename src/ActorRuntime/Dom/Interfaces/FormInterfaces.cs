using Jint;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Jint.Native;
using Jint.Runtime;
using static ActorRuntime.Dom.DomBinding;

namespace ActorRuntime.Dom.Interfaces;

/// <summary>Forms and their controls: values, checkedness, selection, submission and reset.</summary>
internal static class FormInterfaces
{
    public static readonly DomInterface HTMLFormElement = DomInterface.Define<IHtmlFormElement>("HTMLFormElement", ElementInterfaces.HTMLElement, m => m
        .Reflect("name").Reflect("target").Reflect("acceptCharset", "accept-charset")
        .Property("autocomplete", (_, f) => f.GetAttribute("autocomplete")?.ToLowerInvariant() == "off" ? "off" : "on", (dom, f, v) => f.SetAttribute("autocomplete", dom.DomString(v)))
        .ReflectBoolean("noValidate", "novalidate")
        .Property("action", (dom, f) => dom.ResolveUrl(f.GetAttribute("action") is { Length: > 0 } action ? action : dom.DocumentUrl, f), (dom, f, v) => f.SetAttribute("action", dom.DomString(v)))
        .Property("method", (_, f) => f.GetAttribute("method")?.ToLowerInvariant() is "post" or "dialog" ? f.GetAttribute("method")!.ToLowerInvariant() : "get",
            (dom, f, v) => f.SetAttribute("method", dom.DomString(v)))
        .Property("enctype", (_, f) => f.Enctype ?? "application/x-www-form-urlencoded", (dom, f, v) => f.SetAttribute("enctype", dom.DomString(v)))
        .Get("elements", (dom, f) => dom.Wrap(f.Elements))
        .Get("length", (_, f) => f.Elements.Length)
        .Method("submit", 0, (dom, f, _) =>
        {
            dom.SubmitForm(f, submitter: null, fireSubmitEvent: false);
            return JsValue.Undefined;
        })
        .Method("requestSubmit", 0, (dom, f, args) =>
        {
            IHtmlElement? submitter = null;
            if (!Argument(args, 0).IsUndefined() && !Argument(args, 0).IsNull())
            {
                submitter = dom.Node<IHtmlElement>(args, 0, "requestSubmit", "HTMLFormElement", "HTMLElement");
                if (!IsSubmitButton(submitter))
                    throw dom.TypeError(dom.Flavor == Flavor.Chrome
                        ? "Failed to execute 'requestSubmit' on 'HTMLFormElement': The specified element is not a submit button."
                        : "HTMLFormElement.requestSubmit: The submitter is not a submit button.");
                if (FormOf(submitter) != f)
                    throw dom.DomError("NotFoundError", dom.Flavor == Flavor.Chrome
                        ? "Failed to execute 'requestSubmit' on 'HTMLFormElement': The specified element is not owned by this form element."
                        : "HTMLFormElement.requestSubmit: The submitter is not owned by this form.");
            }
            dom.SubmitForm(f, submitter, fireSubmitEvent: true);
            return JsValue.Undefined;
        })
        .Method("reset", 0, (dom, f, _) =>
        {
            dom.ResetForm(f);
            return JsValue.Undefined;
        })
        .Method("checkValidity", 0, (_, f, _) => Boolean(f.CheckValidity()))
        .Method("reportValidity", 0, (_, f, _) => Boolean(f.CheckValidity())));

    public static readonly DomInterface HTMLInputElement = DomInterface.Define<IHtmlInputElement>("HTMLInputElement", ElementInterfaces.HTMLElement, m => Selection(Validation(m))
        .Reflect("name").Reflect("placeholder").Reflect("accept").Reflect("alt").Reflect("inputMode", "inputmode").Reflect("dirName", "dirname").Reflect("min").Reflect("max")
        .Reflect("pattern").Reflect("step").Reflect("defaultValue", "value")
        .ReflectBoolean("disabled").ReflectBoolean("required").ReflectBoolean("readOnly", "readonly").ReflectBoolean("multiple")
        .ReflectBoolean("autofocus").ReflectBoolean("defaultChecked", "checked")
        .Property("type", (_, e) => e.Type, (dom, e, v) => e.SetAttribute("type", dom.DomString(v)))
        .Property("autocomplete", (_, e) => Autofill.IdlValue(e.GetAttribute("autocomplete"), anchorMantle: e.Type == "hidden"), SetAutocomplete)
        // By the type's value mode (the element's sanitized value, the attribute, the attribute or "on", a file name).
        .Property("value", (dom, e) => dom.InputValue(e), (dom, e, v) => dom.SetInputValue(e, dom.NullIsEmpty(v)))
        .Property("checked", (_, e) => Boolean(e.IsChecked), (dom, e, v) => dom.SetChecked(e, TypeConverter.ToBoolean(v)))
        .Property("indeterminate", (_, e) => Boolean(e.IsIndeterminate), (_, e, v) => e.IsIndeterminate = TypeConverter.ToBoolean(v))
        .Property("valueAsNumber", (dom, e) => dom.ValueAsNumber(e), (dom, e, v) => dom.SetValueAsNumber(e, v))
        .Property("valueAsDate", (dom, e) => dom.ValueAsDate(e), (dom, e, v) => dom.SetValueAsDate(e, v))
        .Property("files", (dom, e) => LegacyFactoryInterfaces.FilesOf(dom, e), (_, e, v) => LegacyFactoryInterfaces.SetFiles(e, v))
        .Get("form", (dom, e) => dom.Wrap(FormOf(e)))
        .Get("labels", (dom, e) => dom.Wrap(new StaticNodeList(Labels(e))))
        .Property("maxLength", (_, e) => int.TryParse(e.GetAttribute("maxlength"), out var n) ? n : -1, (_, e, v) => e.SetAttribute("maxlength", TypeConverter.ToString(v)))
        .Property("size", (_, e) => int.TryParse(e.GetAttribute("size"), out var n) && n > 0 ? n : 20, (_, e, v) => e.SetAttribute("size", TypeConverter.ToString(v)))
        .Method("stepUp", 0, (dom, e, args) => Step(dom, e, args, up: true))
        .Method("stepDown", 0, (dom, e, args) => Step(dom, e, args, up: false))
        .Method("select", 0, (dom, e, _) =>
        {
            dom.SelectAll(e);
            return JsValue.Undefined;
        }));

    public static readonly DomInterface HTMLButtonElement = DomInterface.Define<IHtmlButtonElement>("HTMLButtonElement", ElementInterfaces.HTMLElement, m => Validation(m)
        .Reflect("name").Reflect("value").ReflectBoolean("disabled").ReflectBoolean("autofocus")
        .Property("type", (_, e) => e.GetAttribute("type")?.ToLowerInvariant() is "reset" or "button" ? e.GetAttribute("type")!.ToLowerInvariant() : "submit",
            (dom, e, v) => e.SetAttribute("type", dom.DomString(v)))
        .Get("form", (dom, e) => dom.Wrap(FormOf(e)))
        .Get("labels", (dom, e) => dom.Wrap(new StaticNodeList(Labels(e)))));

    public static readonly DomInterface HTMLTextAreaElement = DomInterface.Define<IHtmlTextAreaElement>("HTMLTextAreaElement", ElementInterfaces.HTMLElement, m => Selection(Validation(m))
        .Reflect("name").Reflect("placeholder").ReflectBoolean("disabled").ReflectBoolean("required").ReflectBoolean("readOnly", "readonly")
        .Get("type", (_, _) => "textarea")
        .Property("autocomplete", (_, e) => Autofill.IdlValue(e.GetAttribute("autocomplete"), anchorMantle: false), SetAutocomplete)
        .Property("value", (_, e) => e.Value, (dom, e, v) => dom.SetTextAreaValue(e, dom.NullIsEmpty(v)))
        .Property("defaultValue", (_, e) => e.TextContent, (dom, e, v) => e.TextContent = dom.DomString(v))
        .Get("textLength", (_, e) => e.Value.Length)
        .Get("form", (dom, e) => dom.Wrap(FormOf(e)))
        .Method("select", 0, (dom, e, _) =>
        {
            dom.SelectAll(e);
            return JsValue.Undefined;
        }));

    public static readonly DomInterface HTMLSelectElement = DomInterface.Define<IHtmlSelectElement>("HTMLSelectElement", ElementInterfaces.HTMLElement, m => Validation(m)
        .Reflect("name").ReflectBoolean("disabled").ReflectBoolean("required").ReflectBoolean("multiple")
        .Get("type", (_, e) => e.IsMultiple ? "select-multiple" : "select-one")
        .Property("autocomplete", (_, e) => Autofill.IdlValue(e.GetAttribute("autocomplete"), anchorMantle: false), SetAutocomplete)
        .Property("value", (_, e) => SelectedOptions(e).FirstOrDefault()?.Value ?? "", (dom, e, v) =>
        {
            var value = dom.DomString(v);
            var found = false;
            foreach (var option in Options(e))
            {
                var select = !found && option.Value == value;
                option.IsSelected = select;
                found |= select;
            }
        })
        .Property("selectedIndex", (_, e) => Options(e).FindIndex(o => o.IsSelected) is var i && i >= 0 ? i : Options(e).Count > 0 && !e.IsMultiple ? 0 : -1,
            (_, e, v) =>
            {
                var index = (int)TypeConverter.ToNumber(v);
                var options = Options(e);
                for (var i = 0; i < options.Count; i++) options[i].IsSelected = i == index;
            })
        // Live, and the same object each time (an HTMLCollection: HTMLOptionsCollection's add/remove are not there).
        .Get("options", (dom, e) => dom.Wrap(OptionsView.Of(e)))
        .Get("selectedOptions", (dom, e) => dom.Wrap(new StaticNodeList(SelectedOptions(e).ToArray<INode>())))
        .Get("length", (_, e) => Options(e).Count)
        .Get("form", (dom, e) => dom.Wrap(FormOf(e)))
        .Method("item", 1, (dom, e, args) => dom.Wrap(Options(e).ElementAtOrDefault((int)TypeConverter.ToNumber(Argument(args, 0)))))
        .Method("add", 1, (dom, e, args) =>
        {
            var option = dom.Node<IHtmlElement>(args, 0, "add", "HTMLSelectElement", "HTMLOptionElement");
            var before = Argument(args, 1) is DomObject { Target: INode node } ? node : Argument(args, 1) is JsNumber n ? Options(e).ElementAtOrDefault((int)n.AsNumber()) : null;
            if (before?.Parent is { } parent) parent.InsertBefore(option, before);
            else e.AppendChild(option);
            return JsValue.Undefined;
        })
        );

    public static readonly DomInterface HTMLOptionElement = DomInterface.Define<IHtmlOptionElement>("HTMLOptionElement", ElementInterfaces.HTMLElement, m => m
        .ReflectBoolean("disabled").ReflectBoolean("defaultSelected", "selected")
        .Property("value", (_, e) => e.Value, (dom, e, v) => e.SetAttribute("value", dom.DomString(v)))
        .Property("label", (_, e) => e.GetAttribute("label") ?? e.Text, (dom, e, v) => e.SetAttribute("label", dom.DomString(v)))
        .Property("text", (_, e) => e.Text, (dom, e, v) => e.TextContent = dom.DomString(v))
        .Property("selected", (_, e) => Boolean(e.IsSelected), (_, e, v) =>
        {
            var selected = TypeConverter.ToBoolean(v);
            if (selected && e.Closest("select") is IHtmlSelectElement { IsMultiple: false } select)
                foreach (var other in Options(select)) other.IsSelected = false;
            e.IsSelected = selected;
        })
        .Get("index", (_, e) => e.Closest("select") is IHtmlSelectElement select ? Options(select).IndexOf(e) : 0)
        .Get("form", (dom, e) => dom.Wrap(e.Closest("select") is IHtmlSelectElement select ? FormOf(select) : null)));

    public static readonly DomInterface HTMLLabelElement = DomInterface.Define<IHtmlLabelElement>("HTMLLabelElement", ElementInterfaces.HTMLElement, m => m
        .Reflect("htmlFor", "for")
        .Get("control", (dom, e) => dom.Wrap(LabeledControl(e)))
        .Get("form", (dom, e) => dom.Wrap(LabeledControl(e) is { } control ? FormOf(control) : null)));

    /// <summary>The constraint validation API every form control has.</summary>
    internal static DomInterface.Members<T> Validation<T>(DomInterface.Members<T> m) where T : class, IValidation, IElement => m
        .Get("validity", (dom, e) => dom.Wrap(ControlValidity.Of(e)))
        .Get("validationMessage", (_, e) => e.ValidationMessage ?? "")
        .Get("willValidate", (_, e) => Boolean(e.WillValidate))
        .Method("checkValidity", 0, (dom, e, _) => Boolean(dom.CheckValidity(e)))
        .Method("reportValidity", 0, (dom, e, _) => Boolean(dom.CheckValidity(e)))
        .Method("setCustomValidity", 1, (dom, e, args) =>
        {
            e.SetCustomValidity(dom.Required(args, 0, "setCustomValidity", "HTMLElement"));
            return JsValue.Undefined;
        });

    /// <summary>The text selection API of text fields: where it does not apply, null to read and InvalidStateError to write.</summary>
    private static DomInterface.Members<T> Selection<T>(DomInterface.Members<T> m) where T : class, IHtmlElement => m
        .Property("selectionStart", (dom, e) => dom.SelectionOf(e) is { } s ? s.Start : JsValue.Null, (dom, e, v) => dom.SetSelection(e, start: TypeConverter.ToNumber(v), end: null, direction: null))
        .Property("selectionEnd", (dom, e) => dom.SelectionOf(e) is { } s ? s.End : JsValue.Null, (dom, e, v) => dom.SetSelection(e, start: null, end: TypeConverter.ToNumber(v), direction: null))
        .Property("selectionDirection", (dom, e) => dom.SelectionOf(e) is { } s ? s.Direction : JsValue.Null, (dom, e, v) => dom.SetSelection(e, start: null, end: null, direction: dom.DomString(v)))
        .Method("setSelectionRange", 2, (dom, e, args) =>
        {
            dom.SetSelection(e, TypeConverter.ToNumber(Argument(args, 0)), TypeConverter.ToNumber(Argument(args, 1)), Argument(args, 2).IsUndefined() ? "none" : dom.DomString(args[2]));
            return JsValue.Undefined;
        })
        .Method("setRangeText", 1, (dom, e, args) =>
        {
            dom.SetRangeText(e, dom.Required(args, 0, "setRangeText", "HTMLInputElement"), args.Length > 1 ? TypeConverter.ToNumber(args[1]) : null,
                args.Length > 2 ? TypeConverter.ToNumber(args[2]) : null, args.Length > 3 ? dom.DomString(args[3]) : "preserve");
            return JsValue.Undefined;
        });

    private static void SetAutocomplete(DomBinding dom, IElement element, JsValue value) => element.SetAttribute("autocomplete", dom.DomString(value));

    private static JsValue Step(DomBinding dom, IHtmlInputElement input, JsValue[] args, bool up)
    {
        var n = Argument(args, 0).IsUndefined() ? 1 : (int)TypeConverter.ToNumber(args[0]);
        if (input.Type is not ("number" or "range" or "date" or "month" or "week" or "time" or "datetime-local"))
            throw dom.DomError("InvalidStateError", dom.Flavor == Flavor.Chrome
                ? $"Failed to execute '{(up ? "stepUp" : "stepDown")}' on 'HTMLInputElement': This form element is not steppable."
                : "An attempt was made to use an object that is not, or is no longer, usable");
        if (up) input.StepUp(n);
        else input.StepDown(n);
        return JsValue.Undefined;
    }

    public static bool IsSubmitButton(IElement element) => element switch
    {
        IHtmlButtonElement button => button.GetAttribute("type")?.ToLowerInvariant() is null or "submit" or not ("reset" or "button"),
        IHtmlInputElement input => input.Type is "submit" or "image",
        _ => false,
    };

    /// <summary>A control's form owner: its <c>form</c> attribute's form, else its nearest form ancestor.</summary>
    public static IHtmlFormElement? FormOf(IElement control)
    {
        if (control.GetAttribute("form") is { } id) return control.Owner?.GetElementById(id) as IHtmlFormElement;
        return control.Closest("form") as IHtmlFormElement;
    }

    /// <summary>A select's list of options, read anew at each use; one per select.</summary>
    private sealed class OptionsView(IHtmlSelectElement select) : IEnumerable<IElement>
    {
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IHtmlSelectElement, OptionsView> Views = new();

        public static OptionsView Of(IHtmlSelectElement select) => Views.GetValue(select, s => new OptionsView(s));

        public IEnumerator<IElement> GetEnumerator() => Options(select).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    public static List<IHtmlOptionElement> Options(IHtmlSelectElement select) => select.QuerySelectorAll("option").OfType<IHtmlOptionElement>().ToList();

    private static IEnumerable<IHtmlOptionElement> SelectedOptions(IHtmlSelectElement select)
    {
        var options = Options(select);
        var selected = options.Where(o => o.IsSelected).ToList();
        // A single select shows its first option when none is selected (HTML's "selectedness setting algorithm").
        if (selected.Count == 0 && !select.IsMultiple && options.FirstOrDefault(o => !o.IsDisabled) is { } first) return [first];
        return select.IsMultiple ? selected : selected.Take(1);
    }

    public static IElement? LabeledControl(IHtmlLabelElement label)
    {
        if (label.GetAttribute("for") is { } id) return label.Owner?.GetElementById(id) is { } target && IsLabelable(target) ? target : null;
        return label.QuerySelectorAll("*").FirstOrDefault(IsLabelable);
    }

    private static bool IsLabelable(IElement element) => element is IHtmlInputElement { Type: not "hidden" } or IHtmlButtonElement or IHtmlSelectElement or IHtmlTextAreaElement or IHtmlOutputElement or IHtmlMeterElement or IHtmlProgressElement;

    internal static INode[] Labels(IElement control) =>
        control.Owner?.QuerySelectorAll("label").OfType<IHtmlLabelElement>().Where(l => LabeledControl(l) == control).ToArray<INode>() ?? [];
}

