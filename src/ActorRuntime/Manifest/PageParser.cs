using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace ActorRuntime.Manifest;

/// <summary>
/// Parses extension pages with AngleSharp, measuring how deeply elements nest while the tree is built and
/// stopping as soon as one is deeper than the limit: the builder's work per tag grows with the depth of its stack
/// of open elements (200,000 nested elements take minutes). The depth is read from the tree itself, so whatever
/// the builder does with odd markup (reopened formatting elements, implied table rows, template contents) counts,
/// and the finished tree is measured again (without recursion), so no page handed out is deeper than the limit.
/// </summary>
internal static class PageParser
{
    /// <summary>
    /// The parsed page, or why it is refused: an element nested deeper than <paramref name="maxDepth"/> levels (the
    /// html element is level 1), or markup AngleSharp itself fails on (it has thrown NullReferenceException on odd
    /// select content).
    /// </summary>
    public static (IHtmlDocument? Document, string? Refusal) Parse(string html, int maxDepth)
    {
        var (document, deepest, failure) = Measure(html, maxDepth);
        if (failure is not null) return (null, $"it cannot be parsed (AngleSharp failed with {failure.GetType().Name})");
        return deepest > maxDepth ? (null, $"its elements nest deeper than {maxDepth} levels ({FileLimits.MaxHtmlDepthKey})") : (document, null);
    }

    /// <summary>
    /// A new empty HTML document (doctype, html, head, body) of the same configuration as parsed pages: a copy of one
    /// parsed once, cheaper than a parse (a service worker's DOM binding makes one on every start).
    /// </summary>
    public static IHtmlDocument BlankDocument()
    {
        // The template is only read, but AngleSharp promises nothing about reading one node from several threads.
        var template = BlankTemplate.Value;
        lock (template) return (IHtmlDocument)template.Clone(deep: true);
    }

    private static readonly Lazy<IHtmlDocument> BlankTemplate = new(() => Parse("<!DOCTYPE html><html><head></head><body></body></html>", maxDepth: 2).Document!);

    /// <summary>The deepest level of the page's elements, measured up to one past <paramref name="stopAbove"/>.</summary>
    public static int Deepest(string html, int stopAbove) => Measure(html, stopAbove).Deepest;

    /// <summary>The gauge of the parse running on this thread (a parse runs on the thread that asked for it, start to end).</summary>
    [ThreadStatic]
    private static NestingGauge? _gauge;

    /// <summary>What every parsed document's attribute changes are told to (after AngleSharp's own observer has seen them).</summary>
    public static readonly AttributeObserver AttributeChanges = new();

    /// <summary>An attribute observer that passes each change on to <see cref="Changed"/>, when something has set it.</summary>
    public sealed class AttributeObserver : IAttributeObserver
    {
        public Action<IElement, string, string?>? Changed { get; set; }

        public void NotifyChange(IElement host, string name, string? value) => Changed?.Invoke(host, name, value);
    }

    // The documents' configuration adds an attribute observer whose action the DOM binding sets (an input's type change
    // takes effect at once). It must see AngleSharp's own observer's work (the input's Type follows the attribute), and
    // AngleSharp notifies the observers last registered first: so it is registered before AngleSharp's.
    // AngleSharp's own flattening (at 512 levels) is off: the tree must show how deep the builder went.
    private static readonly HtmlParser Parser = new(new HtmlParserOptions { MaximumDepth = int.MaxValue, OnCreated = (element, _) => _gauge!.Created(element) },
        BrowsingContext.New(AngleSharp.Configuration.Default.Without<IAttributeObserver>().With(AttributeChanges).With(new DefaultAttributeObserver())));

    private static (IHtmlDocument? Document, int Deepest, Exception? Failure) Measure(string html, int maxDepth)
    {
        var gauge = _gauge = new NestingGauge(maxDepth);
        try
        {
            var document = Parser.ParseDocument(html);
            gauge.Created(null);
            gauge.Finished(document);
            return (document, gauge.Deepest, null);
        }
        catch (NestingGauge.TooDeep)
        {
            return (null, gauge.Deepest, null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return (null, gauge.Deepest, ex);
        }
        finally
        {
            _gauge = null;
        }
    }

    /// <summary>
    /// AngleSharp reports each element when it is created, just before it is inserted: the element created before
    /// it is in the tree by then, and its depth is its parent's plus one (remembered, so each element costs one step).
    /// </summary>
    private sealed class NestingGauge(int maxDepth)
    {
        private readonly Dictionary<INode, int> _depths = new(ReferenceEqualityComparer.Instance);
        private readonly Stack<INode> _unknown = new();
        private IElement? _previous;

        public int Deepest { get; private set; }

        public sealed class TooDeep : Exception;

        public void Created(IElement? element)
        {
            if (_previous is { } inserted)
            {
                Deepest = Math.Max(Deepest, DepthOf(inserted));
                if (Deepest > maxDepth) throw new TooDeep();
            }
            _previous = element;
        }

        /// <summary>
        /// Measures the finished tree once more: closing a formatting element can move elements below a new one
        /// after they were measured ("adoption agency"), so the tree may end deeper than any element was when inserted.
        /// </summary>
        public void Finished(IHtmlDocument document)
        {
            var pending = new Stack<(INode Node, int Depth)>();
            pending.Push((document, 0));
            while (pending.TryPop(out var item))
            {
                var (node, depth) = item;
                Deepest = Math.Max(Deepest, depth);
                if (Deepest > maxDepth) throw new TooDeep();
                foreach (var child in node.ChildNodes.OfType<IElement>()) pending.Push((child, depth + 1));
                if (node is IHtmlTemplateElement template)
                    foreach (var child in template.Content.ChildNodes.OfType<IElement>()) pending.Push((child, depth + 1));
            }
        }

        /// <summary>Walks up to the nearest element whose depth is known (elements the builder clones are not reported), without recursion.</summary>
        private int DepthOf(INode node)
        {
            INode? current = node;
            var depth = 0;
            while (current is IElement && !_depths.TryGetValue(current, out depth))
            {
                _unknown.Push(current);
                current = current.Parent;
            }
            while (_unknown.TryPop(out var below)) _depths[below] = ++depth;
            return depth;
        }
    }
}
