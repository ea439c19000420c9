using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace VoiceCoach.Core.Prompts;

/// <summary>
/// A read-only view of one YAML node that remembers its file and field path, so every
/// missing or malformed value becomes a <see cref="PromptFileException"/> naming file, line and field.
/// Hand-mapping (rather than deserialising into classes) is what makes those messages possible.
/// </summary>
internal readonly struct YamlNode
{
    private readonly YamlDotNet.RepresentationModel.YamlNode? _node;

    private YamlNode(string file, string path, YamlDotNet.RepresentationModel.YamlNode? node, long parentLine)
    {
        File = file;
        Path = path;
        _node = node;
        Line = node is null ? parentLine : node.Start.Line;
    }

    public string File { get; }

    public string Path { get; }

    public long Line { get; }

    public bool Exists => _node is not null && !IsNullScalar(_node);

    /// <summary>True for a `|` or `>` block scalar, whose text starts on the line after <see cref="Line"/>.</summary>
    public bool IsBlockScalar => _node is YamlScalarNode { Style: ScalarStyle.Literal or ScalarStyle.Folded };

    /// <summary>Parses a whole YAML document; a syntax error names the file and line.</summary>
    public static YamlNode Parse(TextReader reader, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            var msg = ex.InnerException?.Message ?? ex.Message;
            throw new PromptFileException(file, ex.Start.Line, string.Empty, $"not valid YAML: {FirstLine(msg)}", ex);
        }

        if (stream.Documents.Count == 0)
        {
            throw new PromptFileException(file, 0, string.Empty, "the file is empty; expected a YAML mapping");
        }

        var root = stream.Documents[0].RootNode;
        return new YamlNode(file, string.Empty, root, root.Start.Line);
    }

    public YamlNode this[string key]
    {
        get
        {
            var map = AsMapping();
            var child = map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;
            return new YamlNode(File, Join(Path, key), child, Line);
        }
    }

    public IReadOnlyList<YamlNode> Items()
    {
        if (!Exists)
        {
            return Array.Empty<YamlNode>();
        }

        if (_node is not YamlSequenceNode seq)
        {
            throw Error("expected a list");
        }

        var list = new List<YamlNode>(seq.Children.Count);
        for (var i = 0; i < seq.Children.Count; i++)
        {
            list.Add(new YamlNode(File, $"{Path}[{i}]", seq.Children[i], Line));
        }

        return list;
    }

    public IEnumerable<(string Key, YamlNode Value)> Entries()
    {
        if (!Exists)
        {
            yield break;
        }

        foreach (var pair in AsMapping().Children)
        {
            var key = ((YamlScalarNode)pair.Key).Value ?? string.Empty;
            yield return (key, new YamlNode(File, Join(Path, key), pair.Value, pair.Key.Start.Line));
        }
    }

    public string RequiredString()
    {
        var s = OptionalString();
        if (string.IsNullOrWhiteSpace(s))
        {
            throw Error(Exists ? "must not be empty" : "is missing");
        }

        return s;
    }

    public string? OptionalString()
    {
        if (!Exists)
        {
            return null;
        }

        if (_node is not YamlScalarNode scalar)
        {
            throw Error("expected a single value (text or number), found a list or mapping");
        }

        return scalar.Value;
    }

    public string StringOr(string fallback) => OptionalString() ?? fallback;

    public double RequiredDouble()
    {
        var s = RequiredString();
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
        {
            throw Error($"'{s}' is not a number");
        }

        return v;
    }

    public double DoubleOr(double fallback) => Exists ? RequiredDouble() : fallback;

    public int RequiredInt()
    {
        var s = RequiredString();
        if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
        {
            throw Error($"'{s}' is not a whole number");
        }

        return v;
    }

    public int IntOr(int fallback) => Exists ? RequiredInt() : fallback;

    public bool BoolOr(bool fallback)
    {
        var s = OptionalString();
        if (s is null)
        {
            return fallback;
        }

        return s.ToUpperInvariant() switch
        {
            "TRUE" or "YES" or "ON" => true,
            "FALSE" or "NO" or "OFF" => false,
            _ => throw Error($"'{s}' is not true/false"),
        };
    }

    /// <summary>A list of strings; a single string is accepted as a one-item list.</summary>
    public IReadOnlyList<string> StringList()
    {
        if (!Exists)
        {
            return Array.Empty<string>();
        }

        if (_node is YamlScalarNode)
        {
            return new[] { RequiredString() };
        }

        return Items().Select(i => i.RequiredString()).ToList();
    }

    /// <summary>A [min, max] pair of numbers with min ≤ max.</summary>
    public (double Min, double Max) Range()
    {
        var items = Items();
        if (items.Count != 2)
        {
            throw Error("expected [min, max], two numbers");
        }

        var a = items[0].RequiredDouble();
        var b = items[1].RequiredDouble();
        if (a > b || a < 0)
        {
            throw Error($"[{a.ToString(CultureInfo.InvariantCulture)}, {b.ToString(CultureInfo.InvariantCulture)}] must be two non-negative numbers, min first");
        }

        return (a, b);
    }

    /// <summary>A value that must be one of the allowed words (case-insensitive); returns it lower-cased.</summary>
    public string OneOf(IReadOnlyCollection<string> allowed)
    {
        var s = RequiredString().Trim().ToLowerInvariant();
        if (!allowed.Contains(s))
        {
            throw Error($"'{s}' is not one of: {string.Join(", ", allowed)}");
        }

        return s;
    }

    public PromptFileException Error(string problem) => new(File, Line, Path, problem);

    private YamlMappingNode AsMapping()
    {
        if (_node is YamlMappingNode map)
        {
            return map;
        }

        throw _node is null ? Error("is missing") : Error("expected a mapping of fields (key: value)");
    }

    private static bool IsNullScalar(YamlDotNet.RepresentationModel.YamlNode node) =>
        node is YamlScalarNode s && s.Style == ScalarStyle.Plain && (s.Value is null || s.Value == "~" || s.Value == "null" || s.Value.Length == 0);

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static string FirstLine(string s)
    {
        var i = s.IndexOf('\n', StringComparison.Ordinal);
        return i < 0 ? s : s[..i];
    }
}
