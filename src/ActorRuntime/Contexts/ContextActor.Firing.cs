using ActorRuntime.Apis;
using Akka.Actor;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime.Interop;
using static ActorRuntime.Contexts.ContextActor.Protocol;

namespace ActorRuntime.Contexts;

/// <summary>Events the host fires (<see cref="IExtensionRuntime.FireAsync"/>): the listeners' results, promises awaited.</summary>
internal sealed partial class ContextActor
{
    /// <summary>The events browsers dispatch as the handling of the user's input.</summary>
    private static readonly HashSet<string> UserActionEvents = new(StringComparer.Ordinal)
    {
        "action.onClicked", "browserAction.onClicked", "pageAction.onClicked", "menus.onClicked", "contextMenus.onClicked", "commands.onCommand",
    };

    private void Fire(FireEvent fire, IActorRef replyTo)
    {
        var realm = _realm!;
        // MV2's onclick of a menu item this context created hears its clicks first, as in Chromium; it answers nothing.
        if (MenusApi.OnClickFor(realm, fire.Name, fire.ArgumentsJson) is { } onclick)
            realm.CallReporting(onclick, JsValue.Undefined, EventArguments.FromJsonArray(fire.ArgumentsJson)(realm.Engine));
        if (fire.Waking)
        {
            realm.AsWaking(() => Fire(fire with { Waking = false }, replyTo));
            return;
        }
        if (realm.Event(fire.Name) is not { HasListeners: true } ev)
        {
            _extension.Work.Send(replyTo, new ListenersAnswered(fire.FireId, []), _self);
            return;
        }
        // An event the background listens to is its activity, as in browsers: Firefox's idle wait starts again (an alarm
        // firing every 10 s keeps it alive), and a suspension under way is canceled.
        _extension.NoteBackgroundActivity(_info);
        List<JsValue?> results = null!;
        var arguments = EventArguments.FromJsonArray(fire.ArgumentsJson)(realm.Engine);
        // A click on the toolbar button or a menu item, or a command, is the user's input its listeners handle.
        if (UserActionEvents.Contains(fire.Name)) realm.HandleUserInput(() => results = ev.Dispatch(arguments));
        else results = ev.Dispatch(arguments);
        if (results.Count == 0)
        {
            // Every listener's filter turned the event away: nobody answers.
            _extension.Work.Send(replyTo, new ListenersAnswered(fire.FireId, []), _self);
            return;
        }
        var answers = new string[results.Count];
        var remaining = results.Count;
        void Answered(int index, JsValue? value)
        {
            answers[index] = value is null || value.IsUndefined() ? "null" : ApiValueJson.Value(value, _extension.Options.MaxMessageDepth);
            if (--remaining == 0) _extension.Work.Send(replyTo, new ListenersAnswered(fire.FireId, answers), _self);
        }
        for (var i = 0; i < results.Count; i++)
        {
            var index = i;
            if (results[i] is ObjectInstance thenable && thenable.Get("then") is var then && then.IsCallable())
            {
                // Awaited: the answer goes back once every listener's promise has settled (a rejection answers null).
                var engine = realm.Engine;
                engine.Call(then, thenable, [
                    new ClrFunction(engine, "", (_, args) => { Answered(index, args.Length > 0 ? args[0] : JsValue.Undefined); return JsValue.Undefined; }),
                    new ClrFunction(engine, "", (_, args) =>
                    {
                        // Nobody else handles it: the console says so, as a browser's does for a listener's rejected promise.
                        realm.ReportListenerRejection(args.Length > 0 ? args[0] : JsValue.Undefined);
                        Answered(index, null);
                        return JsValue.Undefined;
                    }),
                ]);
            }
            else Answered(index, results[i]);
        }
    }
}
