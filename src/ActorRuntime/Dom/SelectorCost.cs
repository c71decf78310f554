using AngleSharp.Dom;

namespace ActorRuntime.Dom;

/// <summary>
/// AngleSharp matches descendant and general-sibling combinators by trying every ancestor (sibling) in turn, so a
/// selector with many of them against a deep tree takes time exponential in their number, in one host call that no
/// script limit interrupts. Before a query runs, its worst case is estimated (combinations of the combinators over the
/// tree's depth) and a query past the bound is refused as too costly, a DOMException the page can catch.
/// </summary>
internal static class SelectorCost
{
    /// <summary>About a second of matching on this class of machine, at most.</summary>
    private const double MaxCombinations = 20_000_000;

    public static void Check(DomBinding dom, INode scope, string selectors)
    {
        var combinators = BacktrackingCombinators(selectors);
        // Two or fewer cost at most the square of the depth: nothing to measure.
        if (combinators <= 2) return;
        // The tree the query walks: the scope's own (a detached tree is not the document).
        var root = scope;
        while (root.Parent is { } parent) root = parent;
        var depth = Depth(root);
        var combinations = Combinations(depth, combinators);
        if (combinations > MaxCombinations)
            throw dom.DomError("NotSupportedError",
                $"the selector is too costly for this page: {combinators} descendant or sibling combinators over a tree {depth} levels deep");
    }

    /// <summary>The depth of the tree <paramref name="node"/> is in, measured from its root.</summary>
    public static int TreeDepth(INode node)
    {
        var root = node;
        while (root.Parent is { } parent) root = parent;
        return Depth(root);
    }

    /// <summary>Whether matching <paramref name="selectors"/> over a tree <paramref name="depth"/> levels deep could pass the bound a query is refused past.</summary>
    public static bool TooCostly(string selectors, int depth)
    {
        var combinators = BacktrackingCombinators(selectors);
        return combinators > 2 && Combinations(depth, combinators) > MaxCombinations;
    }

    /// <summary>The most descendant (whitespace) and general-sibling (<c>~</c>) combinators in one complex selector of the list.</summary>
    private static int BacktrackingCombinators(string selectors)
    {
        var most = 0;
        var count = 0;
        var nesting = 0;
        char? quote = null;
        var pendingSpace = false;
        var afterCompound = false;
        foreach (var c in selectors)
        {
            if (quote is { } q)
            {
                if (c == q) quote = null;
                continue;
            }
            switch (c)
            {
                case '"' or '\'':
                    quote = c;
                    break;
                case '(' or '[':
                    nesting++;
                    break;
                case ')' or ']':
                    nesting--;
                    break;
            }
            if (nesting > 0 || c is '(' or '[' or ')' or ']' or '"' or '\'')
            {
                if (nesting == 0 && c is ')' or ']') afterCompound = true;
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = afterCompound;
                continue;
            }
            if (c is '>' or '+')
            {
                pendingSpace = false;
                afterCompound = false;
                continue;
            }
            if (c == '~')
            {
                count++;
                pendingSpace = false;
                afterCompound = false;
                continue;
            }
            if (c == ',')
            {
                most = Math.Max(most, count);
                count = 0;
                pendingSpace = false;
                afterCompound = false;
                continue;
            }
            if (pendingSpace) count++;
            pendingSpace = false;
            afterCompound = true;
        }
        return Math.Max(most, count);
    }

    private static int Depth(INode root)
    {
        var deepest = 0;
        var pending = new Stack<(INode Node, int Depth)>();
        pending.Push((root, 0));
        while (pending.TryPop(out var item))
        {
            deepest = Math.Max(deepest, item.Depth);
            foreach (var child in item.Node.ChildNodes) if (child is IElement) pending.Push((child, item.Depth + 1));
        }
        return deepest;
    }

    /// <summary>C(n, k), in doubles (only its size matters).</summary>
    private static double Combinations(int n, int k)
    {
        if (k > n) return 0;
        double result = 1;
        for (var i = 1; i <= k; i++) result = result * (n - k + i) / i;
        return result;
    }
}
