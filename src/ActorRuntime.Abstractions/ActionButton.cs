namespace ActorRuntime;

/// <summary>
/// The extension's toolbar button (action, browserAction or pageAction) as it shows in a tab: what the extension set for
/// the tab, else globally, else the manifest's defaults. <see cref="Popup"/> is the popup's URL, or null when a click fires
/// <c>onClicked</c>; <see cref="BadgeBackgroundColor"/> is <c>[r, g, b, a]</c>.
/// </summary>
public sealed record ActionState(string Namespace, int? TabId, string Title, string Badge, IReadOnlyList<int> BadgeBackgroundColor, string? Popup,
    bool Enabled, string? Icon);

/// <summary>
/// What a click on the toolbar button of <see cref="Namespace"/> (action, browserAction, pageAction) did: opened the popup
/// (<see cref="PopupLabel"/>), or fired <c>onClicked</c> (<see cref="ListenerResultsJson"/>, one entry per listener), or
/// nothing (<see cref="IgnoredBecause"/>: the button is disabled there).
/// </summary>
public sealed record ActionClickResult(string Namespace, string? PopupLabel, string? ListenerResultsJson, string? IgnoredBecause);
