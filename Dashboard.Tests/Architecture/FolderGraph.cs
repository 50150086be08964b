using Dashboard.Tests.Observability;
using System.Text.RegularExpressions;

namespace Dashboard.Tests.Architecture;

/// <summary>
/// Which top-level folder of <c>Dashboard/</c> uses which, read from the sources the tests were built from: folder A
/// uses folder B when a file of A names a type declared in B (in code, not in comments or strings) or imports B's
/// namespace. Method names that happen to equal a type name are not counted.
/// </summary>
internal sealed partial class FolderGraph
{
    private FolderGraph(IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlySet<string>>> edges) => Edges = edges;

    /// <summary>Folder → used folder → the names (types, or <c>using</c>) that make the edge.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlySet<string>>> Edges { get; }

    /// <summary>The folders <paramref name="folder"/> uses.</summary>
    public IEnumerable<string> Uses(string folder) => Edges.TryGetValue(folder, out var used) ? used.Keys : [];

    /// <summary>Why <paramref name="from"/> uses <paramref name="to"/>, for a failure message.</summary>
    public string Why(string from, string to) => $"{from} -> {to} ({string.Join(", ", Edges[from][to].Order(StringComparer.Ordinal).Take(8))})";

    /// <summary>Reads <c>Dashboard/**/*.cs</c> and <c>*.cshtml</c> (not <c>bin/</c>, <c>obj/</c>).</summary>
    public static FolderGraph Read()
    {
        var root = RepoFiles.PathOf("Dashboard");
        var files = Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Select(f => (Path: f, Folder: FolderOf(Path.GetRelativePath(root, f))))
            .Where(f => f.Folder is not ("bin" or "obj" or "wwwroot"))
            .Select(f => (f.Path, f.Folder, Code: Strip(File.ReadAllText(f.Path))))
            .ToList();
        var folders = files.Select(f => f.Folder).ToHashSet(StringComparer.Ordinal);

        var declaredIn = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (_, folder, code) in files)
        {
            foreach (Match m in Declaration().Matches(code))
            {
                (declaredIn.TryGetValue(m.Groups[1].Value, out var set) ? set : declaredIn[m.Groups[1].Value] = []).Add(folder);
            }
        }

        var edges = new Dictionary<string, Dictionary<string, HashSet<string>>>(StringComparer.Ordinal);
        void Add(string from, string to, string why)
        {
            if (from == to)
            {
                return;
            }

            var used = edges.TryGetValue(from, out var u) ? u : edges[from] = new(StringComparer.Ordinal);
            (used.TryGetValue(to, out var reasons) ? reasons : used[to] = new(StringComparer.Ordinal)).Add(why);
        }

        foreach (var (_, folder, code) in files)
        {
            foreach (Match m in Import().Matches(code))
            {
                if (folders.Contains(m.Groups[1].Value))
                {
                    Add(folder, m.Groups[1].Value, "using");
                }
            }

            foreach (var word in Word().Matches(MethodName().Replace(code, "$1_(")).Select(m => m.Value).Distinct())
            {
                foreach (var target in declaredIn.GetValueOrDefault(word) ?? [])
                {
                    Add(folder, target, word);
                }
            }
        }

        return new FolderGraph(edges.ToDictionary(
            e => e.Key,
            e => (IReadOnlyDictionary<string, IReadOnlySet<string>>)e.Value.ToDictionary(u => u.Key, u => (IReadOnlySet<string>)u.Value, StringComparer.Ordinal),
            StringComparer.Ordinal));
    }

    /// <summary>Every cycle's folders (strongly connected components of more than one folder), each sorted.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<IReadOnlyList<string>>();

        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in Uses(v))
            {
                if (!index.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], index[w]);
                }
            }

            if (low[v] == index[v])
            {
                var component = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    component.Add(w);
                }
                while (w != v);
                if (component.Count > 1)
                {
                    result.Add([.. component.Order(StringComparer.Ordinal)]);
                }
            }
        }

        foreach (var v in Edges.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(v))
            {
                Visit(v);
            }
        }

        return result;
    }

    private static string FolderOf(string relative) =>
        relative.Split(Path.DirectorySeparatorChar) is [var first, _, ..] ? first : "(root)";

    // Comments (line, block, Razor) and string literals do not make an edge: only code that names a type does.
    private static string Strip(string source) =>
        StringLiteral().Replace(RazorComment().Replace(BlockComment().Replace(LineComment().Replace(source, ""), ""), ""), "\"\"");

    [GeneratedRegex(@"^\s*(?:public|internal)\s+(?:(?:sealed|static|abstract|readonly|partial|file|ref)\s+)*(?:class|record(?:\s+struct|\s+class)?|struct|interface|enum)\s+(\w+)", RegexOptions.Multiline)]
    private static partial Regex Declaration();

    [GeneratedRegex(@"^\s*@?using\s+(?:static\s+)?Dashboard\.(\w+)", RegexOptions.Multiline)]
    private static partial Regex Import();

    [GeneratedRegex(@"\b[A-Z]\w+\b")]
    private static partial Regex Word();

    [GeneratedRegex(@"(\.|void |public |internal |private |static )[A-Z]\w+\(")]
    private static partial Regex MethodName();

    [GeneratedRegex(@"//.*")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex BlockComment();

    [GeneratedRegex(@"@\*.*?\*@", RegexOptions.Singleline)]
    private static partial Regex RazorComment();

    [GeneratedRegex("\"(?:[^\"\\\\\\n]|\\\\.)*\"")]
    private static partial Regex StringLiteral();
}
