using ActorRuntime.Dom.Interfaces;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Jint.Native;

namespace ActorRuntime.Dom;

/// <summary>A text field's selection.</summary>
internal sealed class TextSelection
{
    public int Start { get; set; }
    public int End { get; set; }
    public string Direction { get; set; } = "none";
}

/// <summary>Constraint validation with its <c>invalid</c> event, and the selection of text fields (HTML's "selection API").</summary>
internal sealed partial class DomBinding
{
    /// <summary><c>checkValidity()</c>: false, with a cancelable <c>invalid</c> event at the control, when a constraint is not met.</summary>
    public bool CheckValidity(AngleSharp.Html.Dom.IValidation control)
    {
        if (!control.WillValidate || control.Validity.IsValid) return true;
        Fire(control, EventInterfaces.Event, "invalid", bubbles: false, cancelable: true);
        return false;
    }

    private string? FieldValue(IElement field) => field switch
    {
        IHtmlTextAreaElement area => area.Value,
        IHtmlInputElement input when InputValue(input) is var value && InputSanitization.IsSelectable(input.Type) => value,
        _ => null,
    };

    /// <summary>The field's selection, clamped to its value; null where the selection API does not apply (checkboxes, hidden...).</summary>
    public TextSelection? SelectionOf(IElement field)
    {
        if (FieldValue(field) is not { } value) return null;
        // A field's cursor starts at the start of its value (a clone's too); setting the value moves it to the end.
        var selection = State.Selections.GetValue(field, _ => new TextSelection());
        selection.End = Math.Min(selection.End, value.Length);
        selection.Start = Math.Min(selection.Start, selection.End);
        return selection;
    }

    public void SetSelection(IElement field, double? start, double? end, string? direction)
    {
        var selection = SelectionOf(field) ?? throw NotSelectable(field);
        var length = FieldValue(field)!.Length;
        var newStart = start is { } s ? Clamp(s, length) : selection.Start;
        var newEnd = end is { } e ? Clamp(e, length) : Math.Max(selection.End, newStart);
        if (newStart > newEnd) newStart = newEnd;
        var newDirection = direction is null ? selection.Direction : direction is "forward" or "backward" ? direction : "none";
        // HTML fires select only when the selection changed.
        var changed = newStart != selection.Start || newEnd != selection.End || newDirection != selection.Direction;
        selection.Start = newStart;
        selection.End = newEnd;
        selection.Direction = newDirection;
        if (changed) QueueSelect(field);
    }

    public void SelectAll(IElement field)
    {
        if (SelectionOf(field) is not { } selection) return;
        var end = FieldValue(field)!.Length;
        if (selection is { Start: 0, Direction: "none" } && selection.End == end) return;
        selection.Start = 0;
        selection.End = end;
        selection.Direction = "none";
        QueueSelect(field);
    }

    /// <summary><c>setRangeText(replacement, start, end, selectMode)</c>.</summary>
    public void SetRangeText(IElement field, string replacement, double? start, double? end, string mode)
    {
        var selection = SelectionOf(field) ?? throw NotSelectable(field);
        var value = FieldValue(field)!;
        var from = start is { } s ? Clamp(s, value.Length) : selection.Start;
        var to = end is { } e ? Clamp(e, value.Length) : selection.End;
        if (from > to) throw DomError("IndexSizeError", "The start offset is greater than the end offset.");
        var updated = value[..from] + replacement + value[to..];
        switch (field)
        {
            case IHtmlTextAreaElement area: area.Value = updated; break;
            case IHtmlInputElement input: input.Value = updated; break;
        }
        var newEnd = from + replacement.Length;
        (selection.Start, selection.End) = mode switch
        {
            "select" => (from, newEnd),
            "start" => (from, from),
            "end" => (newEnd, newEnd),
            // "preserve": a selection around the replaced range follows the change in length.
            _ => (Preserve(selection.Start, from, to, replacement.Length), Preserve(selection.End, from, to, replacement.Length)),
        };
        QueueSelect(field);
    }

    private static int Preserve(int offset, int from, int to, int inserted) =>
        offset > to ? offset + inserted - (to - from) : offset > from ? from : offset;

    private static int Clamp(double offset, int length) => double.IsNaN(offset) || offset < 0 ? 0 : offset > length ? length : (int)offset;

    private Jint.Runtime.JavaScriptException NotSelectable(IElement field) => DomError("InvalidStateError", Flavor == Flavor.Chrome
        ? $"The input element's type ('{(field as IHtmlInputElement)?.Type}') does not support selection."
        : "An attempt was made to use an object that is not, or is no longer, usable");

    /// <summary>The <c>select</c> event fires from a task, as HTML queues it.</summary>
    private void QueueSelect(IElement field) =>
        Realm.Extension.Loop.Post(Realm, () => Fire(field, EventInterfaces.Event, "select", bubbles: true, cancelable: false));

    /// <summary>A textarea's <c>value</c> setter: a new value puts the cursor at its end, with nothing selected.</summary>
    public void SetTextAreaValue(IHtmlTextAreaElement area, string value)
    {
        var old = area.Value;
        area.Value = value;
        if (area.Value != old) CursorToEnd(area, area.Value.Length);
    }

    private void CursorToEnd(IElement field, int length) =>
        State.Selections.AddOrUpdate(field, new TextSelection { Start = length, End = length, Direction = "none" });
}
