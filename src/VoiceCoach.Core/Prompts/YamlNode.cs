using System.Globalization;
using VoiceCoach.Core.Text;
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

    private YamlNode(string file, string path, YamlDotNet.RepresentationModel.YamlNode? node, Mark parent)
    {
        File = file;
        Path = path;
        _node = node;
        var at = node?.Start ?? parent;
        Line = at.Line;
        Column = at.Column;
    }

    public string File { get; }

    public string Path { get; }

    /// <summary>1-based line of the value, or of its parent when the value is missing.</summary>
    public long Line { get; }

    /// <summary>1-based column of the value, or of its parent when the value is missing.</summary>
    public long Column { get; }

    private Mark Position => new(0, Line, Column);

    public bool Exists => _node is not null && !IsNullScalar(_node);

    /// <summary>True for a `|` or `>` block scalar, whose text starts on the line after <see cref="Line"/>.</summary>
    public bool IsBlockScalar => _node is YamlScalarNode { Style: ScalarStyle.Literal or ScalarStyle.Folded };

    /// <summary>Parses a whole YAML document; a syntax error names the file, line and column.</summary>
    public static YamlNode Parse(TextReader reader, string file)
    {
        var text = reader.ReadToEnd();
        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(text));
        try
        {
            stream.Load(new Parser(scanner));
        }
        catch (YamlException ex)
        {
            throw YamlSyntax.Error(file, text, ex.Start, YamlSyntax.Describe(ex), ex);
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet's scanner fails this way (no position, "Operation is not valid due to the current state of
            // the object") on some unclosed flow collections; the scanner still knows where it stopped.
            throw YamlSyntax.Error(file, text, scanner.CurrentPosition, "unexpected text", ex);
        }

        if (stream.Documents.Count == 0)
        {
            throw new PromptFileException(file, 0, string.Empty, "the file is empty; expected a YAML mapping");
        }

        var root = stream.Documents[0].RootNode;
        return new YamlNode(file, string.Empty, root, root.Start);
    }

    public YamlNode this[string key]
    {
        get
        {
            var map = AsMapping();
            var child = map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;
            return new YamlNode(File, Join(Path, key), child, Position);
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
            list.Add(new YamlNode(File, $"{Path}[{i}]", seq.Children[i], Position));
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
            if (pair.Key is not YamlScalarNode { Value: { } key })
            {
                throw new PromptFileException(File, pair.Key.Start.Line, pair.Key.Start.Column, Path, "a key must be a plain name, not a list or mapping");
            }

            yield return (key, new YamlNode(File, Join(Path, key), pair.Value, pair.Key.Start));
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

    public PromptFileException Error(string problem) => new(File, Line, Column, Path, problem);

    /// <summary>A meaning problem at this node, for validators.</summary>
    public PromptProblem Problem(string problem) => new(File, Line, Column, Path, problem);

    public bool IsMapping => _node is YamlMappingNode;

    public bool IsSequence => _node is YamlSequenceNode;

    public bool IsScalar => _node is YamlScalarNode && Exists;

    /// <summary>The value as a number, or null when it is missing or not a number (the loader reports those).</summary>
    public double? TryDouble() =>
        _node is YamlScalarNode { Value: { } s } && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : null;

    /// <summary>Phrases to match in answers (a text or a list of texts); a phrase with no words names its position.</summary>
    public IReadOnlyList<Phrase> Phrases()
    {
        if (!Exists)
        {
            return [];
        }

        var items = _node is YamlScalarNode ? [this] : Items();
        var list = new List<Phrase>(items.Count);
        foreach (var item in items)
        {
            if (item.OptionalString() is not { } pattern || string.IsNullOrWhiteSpace(pattern))
            {
                continue;
            }

            if (FieldRule.PhraseProblem(pattern) is { } problem && problem.Contains("no words", StringComparison.Ordinal))
            {
                throw item.Error(problem);
            }

            list.Add(new Phrase(pattern));
        }

        return list;
    }

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
}
