namespace Workshop.Grains.Frameworks;

/// <summary>
/// Walks of trees with an explicit stack instead of recursion, so that a tree of any depth (a 15,000-level chain
/// stored before the import limits) is read without overflowing the thread's stack.
/// </summary>
public static class TreeWalk
{
    /// <summary>Every node in tree order (a parent before its children, siblings in order) with its level (roots: 1).</summary>
    public static IEnumerable<(T Node, int Level)> PreOrder<T>(IEnumerable<T> roots, Func<T, IEnumerable<T>> children)
    {
        var stack = new Stack<IEnumerator<T>>();
        stack.Push(roots.GetEnumerator());
        try
        {
            while (stack.Count > 0)
            {
                var siblings = stack.Peek();
                if (!siblings.MoveNext())
                {
                    stack.Pop().Dispose();
                    continue;
                }
                var node = siblings.Current;
                yield return (node, stack.Count);
                stack.Push(children(node).GetEnumerator());
            }
        }
        finally
        {
            while (stack.Count > 0) stack.Pop().Dispose();
        }
    }

    /// <summary>Builds a nested tree bottom-up: <paramref name="make"/> gets each node with its already built children, in order.</summary>
    public static List<TOut> Nest<TIn, TOut>(IEnumerable<TIn> roots, Func<TIn, IEnumerable<TIn>> children, Func<TIn, List<TOut>, TOut> make)
    {
        var built = new List<TOut>();
        var stack = new Stack<(TIn Node, IEnumerator<TIn> Children, List<TOut> Built)>();
        stack.Push((default!, roots.GetEnumerator(), built));
        while (stack.Count > 0)
        {
            var (node, below, done) = stack.Peek();
            if (below.MoveNext())
            {
                stack.Push((below.Current, children(below.Current).GetEnumerator(), []));
                continue;
            }
            stack.Pop();
            below.Dispose();
            if (stack.Count > 0) stack.Peek().Built.Add(make(node, done));
        }
        return built;
    }

    /// <summary>
    /// The level of every node reached by following <paramref name="parentOf"/> up to a root (null, or a key not in
    /// <paramref name="keys"/>: level 1), in time linear in the number of nodes; the nodes on a cycle of parents come
    /// back in <c>Cycles</c> (each cycle once, from a node back to it) and have no level, nor have the nodes below them.
    /// </summary>
    public static (Dictionary<TKey, int> Levels, List<List<TKey>> Cycles) Levels<TKey>(
        IReadOnlyCollection<TKey> keys, Func<TKey, TKey?> parentOf, IEqualityComparer<TKey>? comparer = null) where TKey : notnull
    {
        var known = keys.ToHashSet(comparer);
        var levels = new Dictionary<TKey, int>(comparer);
        var unreachable = new HashSet<TKey>(comparer);
        var cycles = new List<List<TKey>>();
        foreach (var start in keys)
        {
            var path = new List<TKey>();
            var onPath = new Dictionary<TKey, int>(comparer);
            var at = start;
            int above;
            while (true)
            {
                if (levels.TryGetValue(at, out above)) break;
                if (unreachable.Contains(at)) { above = -1; break; }
                if (onPath.TryGetValue(at, out var index))
                {
                    cycles.Add(path[index..]);
                    above = -1;
                    break;
                }
                onPath[at] = path.Count;
                path.Add(at);
                var parent = parentOf(at);
                if (parent is null || !known.Contains(parent)) { above = 0; break; }
                at = parent;
            }
            for (var i = path.Count - 1; i >= 0; i--)
            {
                if (above < 0) { unreachable.Add(path[i]); continue; }
                levels[path[i]] = ++above;
            }
        }
        return (levels, cycles);
    }
}
