using System.Globalization;
using VoiceCoach.Core.Text;

namespace VoiceCoach.Core.Prompts;

/// <summary>
/// One meaning check for the values at a field path of a YAML file: a number within its sane range, a [min, max]
/// pair within bounds, a list of phrases none of which matches every answer. A path is dot-separated and
/// <c>*</c> stands for every entry of a mapping or every item of a list ("weights.*.*", "red_flags.*.patterns").
/// Validators (<c>RubricValidator</c>, <c>CompanyPackValidator</c>) are tables of these, so a new field is checked
/// by adding one row. A value that is missing or not of the right shape is left to the loader, which names it.
/// </summary>
internal sealed class FieldRule
{
    private readonly Action<YamlNode, List<PromptProblem>> _check;

    private FieldRule(string path, Action<YamlNode, List<PromptProblem>> check)
    {
        Path = path;
        _check = check;
    }

    /// <summary>The field path the rule applies to.</summary>
    public string Path { get; }

    /// <summary>A number in [<paramref name="min"/>, <paramref name="max"/>]; <paramref name="why"/> says what a value outside does.</summary>
    public static FieldRule Number(string path, double min, double max, string why) => new(path, (node, problems) =>
    {
        if (node.TryDouble() is { } v && (v < min || v > max))
        {
            problems.Add(node.Problem($"{Format(v)} is out of range; use {Format(min)} to {Format(max)} ({why})"));
        }
    });

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static FieldRule Integer(string path, int min, int max, string why) => new(path, (node, problems) =>
    {
        if (node.TryDouble() is not { } v)
        {
            return;
        }

        if (v != Math.Floor(v))
        {
            problems.Add(node.Problem($"{Format(v)} is not a whole number; use {Format(min)} to {Format(max)} ({why})"));
        }
        else if (v < min || v > max)
        {
            problems.Add(node.Problem($"{Format(v)} is out of range; use {Format(min)} to {Format(max)} ({why})"));
        }
    });

    /// <summary>A [min, max] pair whose bounds lie in [<paramref name="low"/>, <paramref name="high"/>], min below max.</summary>
    public static FieldRule Range(string path, double low, double high, string unit) => new(path, (node, problems) =>
    {
        var items = node.IsSequence ? node.Items() : [];
        if (items.Count != 2 || items[0].TryDouble() is not { } a || items[1].TryDouble() is not { } b)
        {
            return;
        }

        if (a < low || b > high)
        {
            problems.Add(node.Problem($"[{Format(a)}, {Format(b)}] is out of range; both must lie between {Format(low)} and {Format(high)} {unit}"));
        }
        else if (a >= b)
        {
            problems.Add(node.Problem($"[{Format(a)}, {Format(b)}]: the first number (min) must be below the second (max)"));
        }
    });

    /// <summary>
    /// Phrases matched in answers (a text or a list of texts). A phrase with no words, a bare <c>*</c> (matches every
    /// word) or a one-letter stem ("a*") credits nearly every answer, so it silently moves grades.
    /// </summary>
    public static FieldRule Phrases(string path) => new(path, (node, problems) =>
    {
        var items = node.IsSequence ? node.Items() : node.IsScalar ? [node] : [];
        foreach (var item in items)
        {
            if (item.IsScalar && item.OptionalString() is { } pattern && PhraseProblem(pattern) is { } problem)
            {
                problems.Add(item.Problem(problem));
            }
        }
    });

    /// <summary>A check of its own for the node at the path (order of bands, cross references, …).</summary>
    public static FieldRule Custom(string path, Action<YamlNode, List<PromptProblem>> check) => new(path, check);

    /// <summary>What is wrong with a phrase pattern, or null when it is fine.</summary>
    public static string? PhraseProblem(string pattern)
    {
        var words = pattern.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(w => WordText.Normalize(w).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        if (words.Count == 0)
        {
            return $"'{pattern}' has no words to match; write a word or phrase, or remove it";
        }

        if (words.Any(w => w == "*"))
        {
            return $"'{pattern}' matches every word ('*' alone is a stem of nothing); write a stem before the '*', e.g. 'excit*'";
        }

        if (words.FirstOrDefault(w => w.Length == 2 && w[1] == '*') is { } stem)
        {
            return $"'{pattern}' matches every word starting with '{stem[0]}', which credits nearly every answer; use a longer stem";
        }

        return null;
    }

    /// <summary>Applies the rule to every node its path reaches from <paramref name="root"/>.</summary>
    public void Apply(YamlNode root, List<PromptProblem> problems)
    {
        if (Path.Length == 0)
        {
            _check(root, problems);
            return;
        }

        foreach (var node in Resolve(root, Path.Split('.')))
        {
            _check(node, problems);
        }
    }

    private static IEnumerable<YamlNode> Resolve(YamlNode node, ArraySegment<string> parts)
    {
        if (parts.Count == 0)
        {
            if (node.Exists)
            {
                yield return node;
            }

            yield break;
        }

        IEnumerable<YamlNode> children = parts[0] == "*"
            ? node.IsMapping ? node.Entries().Select(e => e.Value) : node.IsSequence ? node.Items() : []
            : node.IsMapping ? [node[parts[0]]] : [];
        foreach (var child in children)
        {
            foreach (var found in Resolve(child, parts[1..]))
            {
                yield return found;
            }
        }
    }

    private static string Format(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
