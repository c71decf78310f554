using Jint;
using ActorRuntime.Dom.Interfaces;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Jint.Native;

namespace ActorRuntime.Dom;

/// <summary>
/// What a user's actions do to the page, as HTML defines them: focus moving with its events, a click's activation
/// behaviour (checkboxes and radios toggle first and are restored when the click is canceled, submit buttons submit
/// their form, labels pass the click on), form submission and reset, and typing into a field.
/// </summary>
internal sealed partial class DomBinding
{

    /// <summary>Asks the context to navigate the page (a submitted form): the URL, already resolved.</summary>
    public Action<string>? Navigate { get; set; }

    public IElement? ActiveElement(IDocument document)
    {
        if (ReferenceEquals(document, Document) && State.Focused is { } focused && Document.Contains(focused)) return focused;
        return document.Body;
    }

    public void Focus(IElement element)
    {
        if (!ReferenceEquals(element.Owner, Document) || !Document.Contains(element) || IsDisabled(element)) return;
        if (ReferenceEquals(State.Focused, element)) return;
        var previous = State.Focused is { } old && Document.Contains(old) ? old : null;
        if (previous is not null) Blur(previous, relatedTarget: element);
        State.Focused = element;
        Fire(element, EventInterfaces.FocusEvent, "focus", bubbles: false, cancelable: false, previous);
        Fire(element, EventInterfaces.FocusEvent, "focusin", bubbles: true, cancelable: false, previous);
    }

    public void Blur(IElement element) => Blur(element, relatedTarget: null);

    private void Blur(IElement element, IElement? relatedTarget)
    {
        if (!ReferenceEquals(State.Focused, element)) return;
        State.Focused = null;
        FlushChange(element);
        Fire(element, EventInterfaces.FocusEvent, "blur", bubbles: false, cancelable: false, relatedTarget);
        Fire(element, EventInterfaces.FocusEvent, "focusout", bubbles: true, cancelable: false, relatedTarget);
    }

    private bool Fire(object target, DomInterface type, string name, bool bubbles, bool cancelable, IElement? relatedTarget = null)
    {
        var ev = EventInterfaces.Create(this, type, name, bubbles, cancelable, fields =>
        {
            if (relatedTarget is not null) fields["relatedTarget"] = Wrap(relatedTarget);
            if (type.Inherits(EventInterfaces.UIEvent)) fields["view"] = Realm.Global;
        });
        return Dispatch(ev, target);
    }

    /// <summary>A click (<c>element.click()</c> when <paramref name="trusted"/> is false, the user's when true); its activation behaviour runs in the dispatch.</summary>
    public void Click(IElement element, bool trusted)
    {
        if (IsDisabled(element)) return;
        var ev = EventInterfaces.Create(this, EventInterfaces.MouseEvent, "click", bubbles: true, cancelable: true, fields =>
        {
            fields["view"] = Realm.Global;
            fields["detail"] = trusted ? 1 : 0;
        });
        ev.IsTrusted = trusted;
        Dispatch(ev, element);
    }

    /// <summary>
    /// Elements with an activation behaviour (HTML): links, buttons, the clickable inputs, labels, summaries. A disabled
    /// control has one too (a dispatched click still toggles a disabled checkbox); what it does is checked when it runs.
    /// </summary>
    private static bool HasActivationBehavior(IElement element) => element switch
    {
        IHtmlInputElement input => input.Type is "checkbox" or "radio" or "submit" or "image" or "reset" or "button",
        IHtmlButtonElement => true,
        IHtmlLabelElement or IHtmlAnchorElement => true,
        _ => element.LocalName == "summary",
    };

    /// <summary>What legacy-pre-activation did, for the canceled-activation behaviour to undo: the type it saw, the checkedness before.</summary>
    private record struct PreActivation(string? Type, bool WasChecked, IHtmlInputElement? PreviousRadio);

    /// <summary>Legacy-pre-activation behaviour: a checkbox toggles, a radio is checked, before the listeners run.</summary>
    private PreActivation PreActivate(IElement target)
    {
        if (target is not IHtmlInputElement input) return default;
        var wasChecked = input.IsChecked;
        if (input.Type == "checkbox")
        {
            input.IsChecked = !wasChecked;
            input.IsIndeterminate = false;
            return new("checkbox", wasChecked, null);
        }
        if (input.Type == "radio" && !wasChecked)
        {
            var previous = RadioGroup(input).FirstOrDefault(r => r.IsChecked);
            SetChecked(input, true);
            return new("radio", wasChecked, previous);
        }
        return new(input.Type, wasChecked, null);
    }

    /// <summary>Legacy-canceled-activation behaviour: a canceled click puts the checkedness back (even if a listener changed the type since).</summary>
    private void CancelActivation(IElement target, PreActivation before)
    {
        if (target is not IHtmlInputElement input) return;
        if (before.Type == "checkbox") input.IsChecked = before.WasChecked;
        else if (before.Type == "radio" && !before.WasChecked)
        {
            input.IsChecked = false;
            if (before.PreviousRadio is not null) before.PreviousRadio.IsChecked = true;
        }
    }

    private void Activate(IElement element, PreActivation before, object? eventTarget)
    {
        var input = element as IHtmlInputElement;
        var wasChecked = before.WasChecked;
        // The other controls' activation behaviours do nothing for a disabled control (disabled, maybe, by a listener).
        if (IsDisabled(element) && input is not { Type: "checkbox" or "radio" }) return;
        if (input is { Type: "checkbox" } || (input is { Type: "radio" } && !wasChecked))
        {
            if (!Document.Contains(input)) return;
            Fire(input, EventInterfaces.InputEvent, "input", bubbles: true, cancelable: false);
            Fire(input, EventInterfaces.Event, "change", bubbles: true, cancelable: false);
            return;
        }
        if (FormInterfaces.IsSubmitButton(element) && FormInterfaces.FormOf(element) is { } form)
        {
            SubmitForm(form, (IHtmlElement)element, fireSubmitEvent: true);
            return;
        }
        if (element is IHtmlButtonElement button && button.GetAttribute("type")?.ToLowerInvariant() == "reset" && FormInterfaces.FormOf(button) is { } resetForm)
        {
            ResetForm(resetForm);
            return;
        }
        if (input is { Type: "reset" } && FormInterfaces.FormOf(input) is { } inputForm)
        {
            ResetForm(inputForm);
            return;
        }
        // A label passes the click to its control, unless the click came from the control itself (or inside it).
        if (element is IHtmlLabelElement label && FormInterfaces.LabeledControl(label) is { } control && !ReferenceEquals(control, element)
            && !(eventTarget is INode origin && (ReferenceEquals(origin, control) || control.Contains(origin))))
            Click(control, trusted: false);
    }

    /// <summary>Sets a checkbox or radio's checkedness; checking a radio unchecks the others of its group.</summary>
    public void SetChecked(IHtmlInputElement input, bool value)
    {
        if (value && input.Type == "radio")
            foreach (var other in RadioGroup(input))
                if (!ReferenceEquals(other, input)) other.IsChecked = false;
        input.IsChecked = value;
    }

    private static IEnumerable<IHtmlInputElement> RadioGroup(IHtmlInputElement radio)
    {
        var name = radio.Name;
        if (string.IsNullOrEmpty(name)) return [radio];
        var form = FormInterfaces.FormOf(radio);
        var scope = (IParentNode?)form ?? radio.Owner;
        return scope?.QuerySelectorAll("input").OfType<IHtmlInputElement>().Where(i => i.Type == "radio" && i.Name == name && FormInterfaces.FormOf(i) == form) ?? [];
    }

    private static bool IsDisabled(IElement element) => element switch
    {
        IHtmlInputElement or IHtmlButtonElement or IHtmlSelectElement or IHtmlTextAreaElement =>
            element.HasAttribute("disabled") || element.Closest("fieldset[disabled]") is not null,
        IHtmlOptionElement => element.HasAttribute("disabled"),
        _ => false,
    };

    /// <summary>
    /// HTML's form submission: <c>submit</c> fires (unless <c>form.submit()</c>), and when nobody cancels it the page
    /// navigates to the form's action with its data (a GET query; a POST navigates to the action itself).
    /// </summary>
    public void SubmitForm(IHtmlFormElement form, IHtmlElement? submitter, bool fireSubmitEvent)
    {
        // A form that is not connected cannot navigate: nothing happens, not even the submit event.
        if (!ReferenceEquals(form.Owner, Document) || !Document.Contains(form)) return;
        if (fireSubmitEvent)
        {
            var ev = EventInterfaces.Create(this, EventInterfaces.SubmitEvent, "submit", bubbles: true, cancelable: true, fields =>
                fields["submitter"] = submitter is null ? JsValue.Null : Wrap(submitter));
            if (!Dispatch(ev, form)) return;
        }
        var action = submitter?.GetAttribute("formaction") is { Length: > 0 } formAction ? formAction : form.GetAttribute("action");
        var target = ResolveUrl(string.IsNullOrEmpty(action) ? DocumentUrl : action, form);
        var method = (submitter?.GetAttribute("formmethod") ?? form.GetAttribute("method"))?.ToLowerInvariant();
        if (method == "dialog") return;
        if (method != "post")
        {
            var query = string.Join("&", FormData(form, submitter).Select(p => Uri.EscapeDataString(p.Name).Replace("%20", "+") + "=" + Uri.EscapeDataString(p.Value).Replace("%20", "+")));
            var hash = target.IndexOf('#');
            var withoutHash = hash >= 0 ? target[..hash] : target;
            var question = withoutHash.IndexOf('?');
            target = (question >= 0 ? withoutHash[..question] : withoutHash) + "?" + query + (hash >= 0 ? target[hash..] : "");
        }
        Navigate?.Invoke(target);
    }

    /// <summary>The form data set: the names and values of the form's successful controls, in tree order.</summary>
    public List<(string Name, string Value)> FormData(IHtmlFormElement form, IHtmlElement? submitter)
    {
        var pairs = new List<(string, string)>();
        foreach (var element in form.Elements)
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name) || IsDisabled(element)) continue;
            switch (element)
            {
                case IHtmlInputElement input:
                    if (input.Type is "checkbox" or "radio" && !input.IsChecked) continue;
                    if (input.Type is "submit" or "image" or "reset" or "button" && !ReferenceEquals(input, submitter)) continue;
                    if (input.Type == "file") continue;
                    pairs.Add((name, InputValue(input)));
                    break;
                case IHtmlButtonElement button:
                    if (ReferenceEquals(button, submitter)) pairs.Add((name, button.Value));
                    break;
                case IHtmlSelectElement select:
                    foreach (var option in FormInterfaces.Options(select).Where(o => o.IsSelected)) pairs.Add((name, option.Value));
                    break;
                case IHtmlTextAreaElement area:
                    pairs.Add((name, area.Value));
                    break;
            }
        }
        return pairs;
    }

    /// <summary>HTML's form reset: <c>reset</c> fires, and unless canceled every control goes back to its default.</summary>
    public void ResetForm(IHtmlFormElement form)
    {
        if (!Fire(form, EventInterfaces.Event, "reset", bubbles: true, cancelable: true)) return;
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input:
                    ResetInputValue(input);
                    input.IsChecked = input.HasAttribute("checked");
                    break;
                case IHtmlTextAreaElement area:
                    area.Value = area.TextContent;
                    break;
                case IHtmlOutputElement output:
                    Interfaces.ListedElementInterfaces.Reset(output);
                    break;
                case IHtmlSelectElement select:
                    foreach (var option in FormInterfaces.Options(select)) option.IsSelected = option.HasAttribute("selected");
                    break;
            }
        }
    }


    /// <summary>What a user typing does: focus, then per character the value grows and <c>input</c> fires; <c>change</c> fires when the field loses focus.</summary>
    public void Type(IElement field, string text)
    {
        Focus(field);
        State.ValueAtFocus.TryAdd(field, ValueOf(field));
        foreach (var character in text)
        {
            var key = character.ToString();
            var keyDown = EventInterfaces.Create(this, EventInterfaces.KeyboardEvent, "keydown", true, true, f => f["key"] = key);
            if (!Dispatch(keyDown, field)) continue;
            Dispatch(EventInterfaces.Create(this, EventInterfaces.KeyboardEvent, "keypress", true, true, f => f["key"] = key), field);
            switch (field)
            {
                case IHtmlInputElement input: input.Value += key; CursorToEnd(input, input.Value.Length); break;
                case IHtmlTextAreaElement area: area.Value += key; CursorToEnd(area, area.Value.Length); break;
                default: field.TextContent += key; break;
            }
            Dispatch(EventInterfaces.Create(this, EventInterfaces.InputEvent, "input", true, false, f =>
            {
                f["data"] = key;
                f["inputType"] = "insertText";
            }), field);
            Dispatch(EventInterfaces.Create(this, EventInterfaces.KeyboardEvent, "keyup", true, true, f => f["key"] = key), field);
        }
        Blur(field);
    }

    private void FlushChange(IElement field)
    {
        if (!State.ValueAtFocus.Remove(field, out var before) || before == ValueOf(field)) return;
        Fire(field, EventInterfaces.Event, "change", bubbles: true, cancelable: false);
    }

    private static string ValueOf(IElement field) => field switch
    {
        IHtmlInputElement input => input.Value,
        IHtmlTextAreaElement area => area.Value,
        _ => field.TextContent,
    };

    /// <summary>What a user choosing an option does: it becomes selected, then <c>input</c> and <c>change</c> fire.</summary>
    public bool Choose(IHtmlSelectElement select, string value)
    {
        var options = FormInterfaces.Options(select);
        var chosen = options.FirstOrDefault(o => o.Value == value) ?? options.FirstOrDefault(o => o.Text.Trim() == value);
        if (chosen is null) return false;
        Focus(select);
        foreach (var option in options) option.IsSelected = ReferenceEquals(option, chosen) || (select.IsMultiple && option.IsSelected);
        Fire(select, EventInterfaces.Event, "input", bubbles: true, cancelable: false);
        Fire(select, EventInterfaces.Event, "change", bubbles: true, cancelable: false);
        return true;
    }
}
