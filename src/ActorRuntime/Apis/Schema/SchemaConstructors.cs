using ActorRuntime.Kernel;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime.Interop;

namespace ActorRuntime.Apis.Schema;

/// <summary>
/// Chromium's constructors on a namespace (<c>declarativeContent.PageStateMatcher</c>, <c>ShowAction</c>): called with
/// <c>new</c>, they check their argument against the type as Chromium checks arguments, copy what it gives onto the new
/// object and name the type in its <c>instanceType</c>, as Chromium's bindings do; the object is what rules are made of.
/// </summary>
internal static class SchemaConstructors
{
    private static readonly Prepared<Acornima.Ast.Script> FactoryScript = Engine.PrepareScript(
        """
        (function (name, make) {
          const constructor = function (arg) {
            if (new.target === undefined) throw new TypeError("Class constructor " + name + " cannot be invoked without 'new'");
            make(this, arg);
          };
          Object.defineProperty(constructor, "name", { value: name });
          return constructor;
        })
        """,
        "schema-constructor");

    /// <param name="qualifiedName">The type as scripts name it, its namespace first (<c>declarativeContent.PageStateMatcher</c>).</param>
    public static JsValue Make(ContextRealm realm, string qualifiedName, SchemaNode type)
    {
        var engine = realm.Engine;
        var parameter = new SchemaNode
        {
            Namespace = type.Namespace, Name = "arg", Kind = SchemaKind.Ref, Ref = qualifiedName, Optional = true, ChromiumOnly = true,
        };
        var make = new ClrFunction(engine, "make", (_, args) =>
        {
            if (args.Length == 0 || args[0] is not ObjectInstance instance) return JsValue.Undefined;
            var argument = args.Length > 1 ? args[1] : JsValue.Undefined;
            if (qualifiedName == "declarativeContent.PageStateMatcher") Toolbar.PageRules.CheckMatcherLimits(realm, argument);
            var parsed = new ChromiumArguments(new ApiCheckContext(realm)).Check([argument], [parameter], hasCallback: false, qualifiedName)[0];
            if (parsed is ObjectInstance properties)
                foreach (var key in properties.GetOwnPropertyKeys(Jint.Runtime.Types.String))
                    instance.Set(key, properties.Get(key));
            instance.Set("instanceType", qualifiedName);
            if (qualifiedName == "declarativeContent.PageStateMatcher") Toolbar.PageRules.CheckMatcher(realm, instance);
            return JsValue.Undefined;
        });
        return engine.Call(engine.Evaluate(in FactoryScript), JsValue.Undefined, [type.Id!, make]);
    }
}
