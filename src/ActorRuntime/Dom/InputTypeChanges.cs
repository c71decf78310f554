using System.Runtime.CompilerServices;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace ActorRuntime.Dom;

/// <summary>
/// Runs HTML's "type attribute changes state" steps the moment an input's <c>type</c> attribute changes, however it
/// changes (<c>setAttribute</c>, <c>input.type = ...</c>, an attribute node, removal): AngleSharp tells the attribute
/// observer of the documents' configuration (<see cref="Manifest.PageParser.AttributeChanges"/>) about each change,
/// which passes it here once the binding is in use.
/// The inputs' value state lives here, by element, so the steps need no script world: an input the binding has never
/// looked at has no state yet, and gets it from its current type when it is first used.
/// </summary>
internal static class InputTypeChanges
{
    /// <summary>Inputs' value state (the type last seen, the dirty value flag); weak, so it goes with its element.</summary>
    public static ConditionalWeakTable<IElement, InputValueState> States { get; } = new();

    public static void NotifyChange(IElement host, string name, string? value)
    {
        if (name == "type" && host is IHtmlInputElement input && States.TryGetValue(input, out var state)) DomBinding.SyncInputState(input, state);
    }
}
