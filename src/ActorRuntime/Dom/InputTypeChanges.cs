using System.Runtime.CompilerServices;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace ActorRuntime.Dom;

/// <summary>
/// Runs HTML's "type attribute changes state" steps the moment an input's <c>type</c> attribute changes, however it
/// changes (<c>setAttribute</c>, <c>input.type = ...</c>, an attribute node, removal): AngleSharp tells every attribute
/// observer of the document's configuration (<see cref="Manifest.PageParser"/> adds this one) about each change.
/// The inputs' value state lives here, by element, so the steps need no script world: an input the binding has never
/// looked at has no state yet, and gets it from its current type when it is first used.
/// </summary>
internal sealed class InputTypeChanges : IAttributeObserver
{
    public static readonly InputTypeChanges Observer = new();

    /// <summary>Inputs' value state (the type last seen, the dirty value flag); weak, so it goes with its element.</summary>
    public static ConditionalWeakTable<IElement, InputValueState> States { get; } = new();

    public void NotifyChange(IElement host, string name, string? value)
    {
        if (name == "type" && host is IHtmlInputElement input && States.TryGetValue(input, out var state)) DomBinding.SyncInputState(input, state);
    }
}
