using VoiceCoach.Core.Prompts;

namespace VoiceCoach.Core.Companies;

/// <summary>
/// The meaning of prompts/companies/NAME.yaml, after <see cref="CompanyPackLoader"/> has checked its shape: no
/// phrase that matches every answer (the stem '*' credited every answer with a value and moved an A- to an A),
/// and references between entries that resolve. One row of <see cref="Rules"/> per field: a new pack field is
/// checked by adding its row.
/// </summary>
public static class CompanyPackValidator
{
    private static readonly FieldRule[] Rules =
    [
        FieldRule.Phrases("aliases"),
        FieldRule.Phrases("role.terms"),
        FieldRule.Phrases("role.not_the_role.*.phrase"),
        FieldRule.Phrases("principles.*.evidence"),
        FieldRule.Phrases("values.*.evidence"),
        FieldRule.Phrases("principles.*.named_as"),
        FieldRule.Phrases("values.*.named_as"),
        FieldRule.Phrases("key_phrases.*.phrase"),
        FieldRule.Phrases("key_phrases.*.variants"),
        FieldRule.Phrases("red_flags.*.patterns"),
        FieldRule.Custom(string.Empty, (root, problems) => References(root, "soundbites", "relates_to", problems)),
        FieldRule.Custom(string.Empty, (root, problems) => References(root, "stories", "demonstrates", problems)),
    ];

    /// <summary>Every meaning problem of a parsed pack, in file order; empty when it makes sense.</summary>
    internal static IReadOnlyList<PromptProblem> Validate(YamlNode root)
    {
        var problems = new List<PromptProblem>();
        foreach (var rule in Rules)
        {
            rule.Apply(root, problems);
        }

        return problems.OrderBy(p => p.Line).ThenBy(p => p.Column).ToList();
    }

    /// <summary>In each item of <paramref name="section"/>, <paramref name="field"/> (an id or a list of ids) names a principle or value of this pack.</summary>
    private static void References(YamlNode root, string section, string field, List<PromptProblem> problems)
    {
        var list = root[section];
        if (!list.IsSequence)
        {
            return;
        }

        var ids = new[] { "principles", "values" }
            .SelectMany(section => root[section].IsSequence ? root[section].Items() : [])
            .Select(v => v["id"].IsScalar ? v["id"].OptionalString() : null)
            .OfType<string>()
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var item in list.Items())
        {
            var node = item.IsMapping ? item[field] : default;
            var refs = node.IsSequence ? node.Items() : node.IsScalar ? [node] : [];
            foreach (var r in refs)
            {
                if (r.IsScalar && r.OptionalString() is { Length: > 0 } id && !ids.Contains(id))
                {
                    problems.Add(r.Problem($"'{id}' is not a principle or value id in this file; use one of: {string.Join(", ", ids.Order(StringComparer.Ordinal))}"));
                }
            }
        }
    }
}
