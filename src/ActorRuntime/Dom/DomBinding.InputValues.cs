using AngleSharp.Html.Dom;
using Jint;

namespace ActorRuntime.Dom;

/// <summary>What the binding knows of an input beyond AngleSharp: the type it last saw, and HTML's dirty value flag.</summary>
internal sealed class InputValueState
{
    public required string Type { get; set; }
    public bool Dirty { get; set; }

    /// <summary>The value as the binding last left it: a different one was written by AngleSharp's side (typing), which makes it dirty.</summary>
    public required string Stored { get; set; }

    /// <summary>The type changed to one with a selection: its cursor goes to the start when the binding next sees it.</summary>
    public bool SelectionReset { get; set; }
}

/// <summary>
/// An input's value as HTML defines it: its value mode (value, default, default/on, filename), the value sanitization
/// algorithm of its type, the dirty value flag (a value not yet set follows the <c>value</c> attribute), and what
/// happens when the type changes. AngleSharp's <see cref="IHtmlInputElement.Value"/> holds the element's value, so its
/// own code (submission, validity) reads the same; a type change runs its steps at once (<see cref="InputTypeChanges"/>).
/// </summary>
internal sealed partial class DomBinding
{
    private InputValueState InputStateOf(IHtmlInputElement input)
    {
        var state = InputTypeChanges.States.GetValue(input, i =>
        {
            var attribute = i.GetAttribute("value") ?? "";
            return new InputValueState { Type = input.Type, Dirty = input.Value != attribute, Stored = input.Value };
        });
        SyncInputState(input, state);
        // A field that became selectable starts with its cursor at the start, no direction.
        if (state.SelectionReset)
        {
            state.SelectionReset = false;
            if (InputSanitization.IsSelectable(input.Type)) State.Selections.AddOrUpdate(input, new TextSelection { Start = 0, End = 0, Direction = "none" });
        }
        return state;
    }

    /// <summary>Brings the state up to date: a value AngleSharp's side wrote (typing) makes it dirty; a new type runs the type-change steps.</summary>
    internal static void SyncInputState(IHtmlInputElement input, InputValueState state)
    {
        if (state.Stored != input.Value)
        {
            state.Dirty = true;
            state.Stored = input.Value;
        }
        if (state.Type != input.Type) TypeChanged(input, state);
        if (InputSanitization.Mode(input.Type) == InputValueMode.Value && !state.Dirty) Store(input, state, Sanitized(input, input.GetAttribute("value") ?? ""));
    }

    private static string Sanitized(IHtmlInputElement input, string value) => InputSanitization.Sanitize(input.Type, value, input.GetAttribute);

    private static void Store(IHtmlInputElement input, InputValueState state, string value)
    {
        input.Value = value;
        state.Stored = input.Value;
    }

    /// <summary>HTML's "type attribute changes state" steps, from the type last seen to the current one.</summary>
    private static void TypeChanged(IHtmlInputElement input, InputValueState state)
    {
        var (oldType, newType) = (state.Type, input.Type);
        var (oldMode, newMode) = (InputSanitization.Mode(oldType), InputSanitization.Mode(newType));
        state.Type = newType;
        if (oldMode == InputValueMode.Value && input.Value.Length > 0 && newMode is InputValueMode.Default or InputValueMode.DefaultOn
            && !input.HasAttribute("value"))
            input.SetAttribute("value", input.Value);
        else if (oldMode != InputValueMode.Value && newMode == InputValueMode.Value)
        {
            Store(input, state, input.GetAttribute("value") ?? "");
            state.Dirty = false;
        }
        else if (oldMode != InputValueMode.Filename && newMode == InputValueMode.Filename) Store(input, state, "");
        if (newMode == InputValueMode.Value) Store(input, state, Sanitized(input, input.Value));
        if (!InputSanitization.IsSelectable(oldType) && InputSanitization.IsSelectable(newType)) state.SelectionReset = true;
    }

    /// <summary>The <c>value</c> IDL attribute's getter.</summary>
    public string InputValue(IHtmlInputElement input)
    {
        InputStateOf(input);
        return InputSanitization.Mode(input.Type) switch
        {
            InputValueMode.Default => input.GetAttribute("value") ?? "",
            InputValueMode.DefaultOn => input.GetAttribute("value") ?? "on",
            InputValueMode.Filename => "",
            _ => InputSanitization.Shown(input.Type, input.Value),
        };
    }

    /// <summary>The <c>value</c> IDL attribute's setter; a file input takes only "" (an InvalidStateError otherwise).</summary>
    public void SetInputValue(IHtmlInputElement input, string value)
    {
        var state = InputStateOf(input);
        switch (InputSanitization.Mode(input.Type))
        {
            case InputValueMode.Default or InputValueMode.DefaultOn:
                input.SetAttribute("value", value);
                return;
            case InputValueMode.Filename:
                if (value.Length > 0)
                    throw DomError("InvalidStateError", Flavor == Flavor.Chrome
                        ? "Failed to set the 'value' property on 'HTMLInputElement': This input element accepts a filename, which may only be programmatically set to the empty string."
                        : "An attempt was made to use an object that is not, or is no longer, usable");
                return;
        }
        var old = input.Value;
        Store(input, state, Sanitized(input, value));
        state.Dirty = true;
        // A new value puts the cursor at its end, with nothing selected.
        if (input.Value != old && InputSanitization.IsSelectable(input.Type))
            State.Selections.AddOrUpdate(input, new TextSelection { Start = input.Value.Length, End = input.Value.Length, Direction = "none" });
    }

    /// <summary>The reset algorithm of an input: not dirty, the value back to the attribute's, sanitized.</summary>
    public void ResetInputValue(IHtmlInputElement input)
    {
        var state = InputStateOf(input);
        state.Dirty = false;
        Store(input, state, Sanitized(input, input.GetAttribute("value") ?? ""));
    }

    /// <summary><c>valueAsNumber</c>: the value as its type's number, NaN where there is none or the type has no numbers.</summary>
    public double ValueAsNumber(IHtmlInputElement input) =>
        InputNumbers.HasNumber(input.Type) && InputNumbers.ToNumber(input.Type, InputValue(input)) is { } number ? number : double.NaN;

    public void SetValueAsNumber(IHtmlInputElement input, Jint.Native.JsValue value)
    {
        var number = Jint.Runtime.TypeConverter.ToNumber(value);
        if (!double.IsFinite(number))
            throw TypeError(Flavor == Flavor.Chrome
                ? "Failed to set the 'valueAsNumber' property on 'HTMLInputElement': The value provided is infinite."
                : "HTMLInputElement.valueAsNumber setter: Value being assigned is not a finite floating-point value.");
        if (!InputNumbers.HasNumber(input.Type)) throw NotApplicable("valueAsNumber");
        SetInputValue(input, InputNumbers.FromNumber(input.Type, number) ?? "");
    }

    /// <summary><c>valueAsDate</c>: a new Date of the value (a month's first day), or null.</summary>
    public Jint.Native.JsValue ValueAsDate(IHtmlInputElement input) =>
        InputNumbers.HasDate(input.Type) && InputNumbers.ToDateMs(input.Type, InputValue(input)) is { } ms
            ? Engine.Construct(Realm.DateConstructor, [Jint.Native.JsNumber.Create(ms)])
            : Jint.Native.JsValue.Null;

    public void SetValueAsDate(IHtmlInputElement input, Jint.Native.JsValue value)
    {
        if (!InputNumbers.HasDate(input.Type)) throw NotApplicable("valueAsDate");
        if (!value.IsNull() && value is not Jint.Native.JsDate)
            throw TypeError(Flavor == Flavor.Chrome
                ? "Failed to set the 'valueAsDate' property on 'HTMLInputElement': The provided value is not a Date."
                : "HTMLInputElement.valueAsDate setter: Value being assigned is not a date.");
        var ms = value is Jint.Native.JsDate date ? date.DateValue : double.NaN;
        SetInputValue(input, double.IsFinite(ms) ? InputNumbers.FromDateMs(input.Type, ms) ?? "" : "");
    }

    private Jint.Runtime.JavaScriptException NotApplicable(string member) => DomError("InvalidStateError", Flavor == Flavor.Chrome
        ? $"Failed to set the '{member}' property on 'HTMLInputElement': This input element does not support {(member == "valueAsDate" ? "Date" : "Number")} values."
        : "An attempt was made to use an object that is not, or is no longer, usable");
}
