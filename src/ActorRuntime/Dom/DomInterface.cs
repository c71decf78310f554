using Jint;
using Jint.Native;

namespace ActorRuntime.Dom;

internal delegate JsValue DomGetter(DomBinding dom, object target);

internal delegate void DomSetter(DomBinding dom, object target, JsValue value);

internal delegate JsValue DomOperation(DomBinding dom, object target, JsValue[] arguments);

/// <summary>An attribute (getter, optional setter) or an operation of an interface.</summary>
internal sealed record DomMember(string Name, DomGetter? Getter, DomSetter? Setter, DomOperation? Operation, int Length);

/// <summary>
/// One Web IDL interface as the runtime exposes it: its name, the interface it inherits, the objects it applies to, its
/// members and, when scripts may construct it, how. Descriptions are shared by the whole process; each engine builds
/// the prototype and constructor of an interface the first time a script needs them (<see cref="DomBinding"/>).
/// </summary>
internal sealed class DomInterface
{
    private readonly List<DomMember> _members = [];

    private DomInterface(string name, DomInterface? parent, Func<object, bool> applies)
    {
        Name = name;
        Parent = parent;
        Applies = applies;
    }

    public string Name { get; }
    public DomInterface? Parent { get; }

    /// <summary>Whether an object may be the <c>this</c> of this interface's members (else "Illegal invocation").</summary>
    public Func<object, bool> Applies { get; }

    public IReadOnlyList<DomMember> AllMembers => _members;

    private Dictionary<string, int>? _memberIndex;

    /// <summary>The members by name (for building them one at a time, on first lookup).</summary>
    public IReadOnlyDictionary<string, int> MemberIndex => _memberIndex ??= _members.Select((m, i) => (m.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);

    /// <summary>Builds the object <c>new</c> makes, from the arguments; null: the constructor is illegal.</summary>
    public Func<DomBinding, JsValue[], object>? Constructor { get; private set; }

    public int ConstructorLength { get; private set; }

    /// <summary>Whether the prototype chain ends at <c>Error.prototype</c> (DOMException) rather than <c>Object.prototype</c>.</summary>
    public bool ExtendsError { get; private set; }

    /// <summary>Members keyed by well-known symbols and constants, added when an engine builds the prototype.</summary>
    public Action<DomBinding, Jint.Native.Object.ObjectInstance, Jint.Native.Object.ObjectInstance>? Decorate { get; private set; }

    public static DomInterface Define<T>(string name, DomInterface? parent, Action<Members<T>> members, Func<T, DomInterface, bool>? applies = null) where T : class
    {
        DomInterface? self = null;
        var created = self = new DomInterface(name, parent, applies is null ? target => target is T : target => target is T typed && applies(typed, self!));
        members(new Members<T>(created));
        return created;
    }

    /// <summary>Adds members to an interface, typed by the objects it applies to.</summary>
    internal sealed class Members<T>(DomInterface owner) where T : class
    {
        public Members<T> Get(string name, Func<DomBinding, T, JsValue> getter)
        {
            owner._members.Add(new DomMember(name, (dom, target) => getter(dom, (T)target), null, null, 0));
            return this;
        }

        public Members<T> Property(string name, Func<DomBinding, T, JsValue> getter, Action<DomBinding, T, JsValue> setter)
        {
            owner._members.Add(new DomMember(name, (dom, target) => getter(dom, (T)target), (dom, target, value) => setter(dom, (T)target, value), null, 0));
            return this;
        }

        public Members<T> Method(string name, int length, Func<DomBinding, T, JsValue[], JsValue> operation)
        {
            owner._members.Add(new DomMember(name, null, null, (dom, target, args) => operation(dom, (T)target, args), length));
            return this;
        }

        /// <summary>A string attribute reflecting the content attribute <paramref name="attribute"/> (HTML's "reflect").</summary>
        public Members<T> Reflect(string name, string? attribute = null)
        {
            var content = attribute ?? name.ToLowerInvariant();
            owner._members.Add(new DomMember(name,
                (_, target) => new JsString(((AngleSharp.Dom.IElement)target).GetAttribute(content) ?? ""),
                (dom, target, value) => ((AngleSharp.Dom.IElement)target).SetAttribute(content, dom.DomString(value)), null, 0));
            return this;
        }

        /// <summary>A boolean attribute reflecting the presence of the content attribute <paramref name="attribute"/>.</summary>
        public Members<T> ReflectBoolean(string name, string? attribute = null)
        {
            var content = attribute ?? name.ToLowerInvariant();
            owner._members.Add(new DomMember(name,
                (_, target) => ((AngleSharp.Dom.IElement)target).HasAttribute(content) ? JsBoolean.True : JsBoolean.False,
                (_, target, value) =>
                {
                    var element = (AngleSharp.Dom.IElement)target;
                    if (Jint.Runtime.TypeConverter.ToBoolean(value)) element.SetAttribute(content, "");
                    else element.RemoveAttribute(content);
                }, null, 0));
            return this;
        }

        public Members<T> Constructible(int length, Func<DomBinding, JsValue[], object> construct)
        {
            owner.Constructor = construct;
            owner.ConstructorLength = length;
            return this;
        }

        public Members<T> WithSymbols(Action<DomBinding, Jint.Native.Object.ObjectInstance, Jint.Native.Object.ObjectInstance> decorate)
        {
            owner.Decorate = decorate;
            return this;
        }

        public Members<T> OnErrorPrototype()
        {
            owner.ExtendsError = true;
            return this;
        }
    }

    /// <summary>Whether this interface is <paramref name="ancestor"/> or inherits it.</summary>
    public bool Inherits(DomInterface ancestor)
    {
        for (var current = this; current is not null; current = current.Parent)
            if (ReferenceEquals(current, ancestor)) return true;
        return false;
    }

    public override string ToString() => Name;
}
