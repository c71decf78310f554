using System.Runtime.CompilerServices;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;
using static ActorRuntime.Dom.DomBinding;

namespace ActorRuntime.Dom.Interfaces;

/// <summary>An input's FileList: always empty (no files are ever chosen), one per input.</summary>
internal sealed class FileListState;

/// <summary>
/// HTML's legacy factory function <c>Option(text, value, defaultSelected, selected)</c>, whose <c>prototype</c> is
/// HTMLOptionElement's, and the FileList of file inputs (<c>input.files</c>, null for the other types).
/// </summary>
internal static class LegacyFactoryInterfaces
{
    private static readonly ConditionalWeakTable<IElement, FileListState> FileLists = new();

    public static readonly DomInterface FileList = DomInterface.Define<FileListState>("FileList", null, m => m
        .Get("length", (_, _) => 0)
        .Method("item", 1, (_, _, _) => JsValue.Null));

    public static readonly DomInterface[] All = [FileList];

    public static DomInterface? For(object target) => target is FileListState ? FileList : null;

    /// <summary><c>input.files</c>: the file input's FileList, the same object each time; null for other types.</summary>
    public static JsValue FilesOf(DomBinding dom, IHtmlInputElement input) =>
        input.Type == "file" ? dom.Wrap(FileLists.GetValue(input, _ => new FileListState())) : JsValue.Null;

    /// <summary>Setting <c>files</c> takes another FileList on a file input, and does nothing otherwise.</summary>
    public static void SetFiles(IHtmlInputElement input, JsValue value)
    {
        if (input.Type != "file" || value is not DomObject { Target: FileListState list }) return;
        FileLists.AddOrUpdate(input, list);
    }

    private static readonly Prepared<Acornima.Ast.Script> FactoryScript = Engine.PrepareScript(
        "(function (make) { return function Option() { if (new.target === undefined) throw new TypeError(\"Class constructor Option cannot be invoked without 'new'\"); return make(arguments); }; })",
        "option-factory");

    /// <summary>
    /// Puts <c>Option</c> on the window: a function made for <c>new</c>, whose objects are option elements of the page's
    /// document; made the first time a script reads it (a data property all the same): most pages
    /// never do, and making it builds the option element's prototype chain.
    /// </summary>
    public static void InstallOption(DomBinding dom, ObjectInstance global) =>
        global.FastSetProperty("Option", PropertyDescriptor.CreateLazy(dom, static dom => MakeOption(dom), PropertyFlag.Configurable | PropertyFlag.Writable));

    private static ObjectInstance MakeOption(DomBinding dom)
    {
        var make = new ClrFunction(dom.Engine, "Option", (_, args) =>
        {
            var list = (ObjectInstance)Argument(args, 0);
            var count = (int)TypeConverter.ToNumber(list.Get("length"));
            JsValue Arg(int i) => i < count ? list.Get(i) : JsValue.Undefined;
            var option = (IHtmlOptionElement)dom.Document.CreateElement("option");
            var text = Arg(0).IsUndefined() ? "" : dom.DomString(Arg(0));
            if (text.Length > 0) option.AppendChild(dom.Document.CreateTextNode(text));
            if (!Arg(1).IsUndefined()) option.SetAttribute("value", dom.DomString(Arg(1)));
            if (TypeConverter.ToBoolean(Arg(2))) option.SetAttribute("selected", "");
            option.IsSelected = TypeConverter.ToBoolean(Arg(3));
            return dom.Wrap(option);
        });
        var factory = (ObjectInstance)dom.Engine.Call(dom.Engine.Evaluate(in FactoryScript), JsValue.Undefined, [make]);
        factory.DefineOwnProperty("prototype", new PropertyDescriptor(dom.Prototype(FormInterfaces.HTMLOptionElement), PropertyFlag.AllForbidden));
        return factory;
    }
}
