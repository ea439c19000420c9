using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Text;

namespace VoiceCoach.Core.Companies;

/// <summary>Reads prompts/companies/NAME.yaml.</summary>
public static class CompanyPackLoader
{
    private static readonly string[] Severities = ["high", "medium", "low"];
    private static readonly string[] Contexts = ["any", "role"];
    private static readonly string[] Stances = ["wants", "told"];

    /// <summary>Reads and validates a company pack (shape, then meaning: <see cref="CompanyPackValidator"/>).</summary>
    /// <param name="reader">The file's content.</param>
    /// <param name="file">The file's name for messages.</param>
    /// <param name="areaIds">The rubric's development areas, to check prep items against; null skips the check.</param>
    /// <exception cref="PromptFileException">Broken YAML, a missing field, an unknown id or a senseless value.</exception>
    public static CompanyPack Load(TextReader reader, string file, IReadOnlyCollection<string>? areaIds = null)
    {
        var root = YamlNode.Parse(reader, file);
        var pack = Load(root, areaIds);
        PromptProblem.ThrowIfAny(CompanyPackValidator.Validate(root));
        return pack;
    }

    /// <summary>Reads the shape of a parsed pack; the meaning is <see cref="CompanyPackValidator"/>'s.</summary>
    internal static CompanyPack Load(YamlNode root, IReadOnlyCollection<string>? areaIds = null)
    {
        var role = root["role"];
        var values = new List<CompanyValue>();
        values.AddRange(root["principles"].Items().Select(n => ReadValue(n, "principle")));
        values.AddRange(root["values"].Items().Select(n => ReadValue(n, "value")));
        if (values.Count == 0)
        {
            throw root["values"].Error("no principles or values; a company pack needs at least one");
        }

        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var v in values)
        {
            if (!ids.Add(v.Id))
            {
                throw root.Error($"value id '{v.Id}' appears twice");
            }
        }

        return new CompanyPack
        {
            Id = root["id"].RequiredString(),
            Name = root["name"].RequiredString(),
            Aliases = root["aliases"].StringList(),
            Role = new RoleProfile(
                role["title"].RequiredString(),
                role["team"].StringOr(string.Empty),
                role["angle"].StringOr(string.Empty),
                role["key_message"].StringOr(string.Empty),
                Phrases(role["terms"]),
                role["not_the_role"].Items()
                    .Select(n => new RoleConfusion(new Phrase(n["phrase"].RequiredString()), n["why"].StringOr(string.Empty)))
                    .ToList())
            {
                TeamNames = Phrases(role["team_names"]),
            },
            Values = values,
            KeyPhrases = root["key_phrases"].Items().Select(n =>
            {
                var phrase = n["phrase"].RequiredString();
                var relates = n["relates_to"].OptionalString();
                CheckId(n["relates_to"], relates, ids);
                return new KeyPhrase(phrase, [.. n["phrase"].Phrases(), .. n["variants"].Phrases()], relates);
            }).ToList(),
            RedFlags = root["red_flags"].Items().Select(n => new RedFlag(
                n["id"].RequiredString(),
                n["label"].RequiredString(),
                Phrases(n["patterns"], required: true),
                n["why"].StringOr(string.Empty),
                n["severity"].Exists ? n["severity"].OneOf(Severities) : "medium",
                n["context"].Exists && n["context"].OneOf(Contexts) == "role")
            {
                Contradicts = ValueIds(n["contradicts"], ids),
                HeardAs = Phrases(n["heard_as"]),
                Stance = n["stance"].Exists && n["stance"].OneOf(Stances) == "told" ? RedFlagStance.Told : RedFlagStance.Wants,
                ClearedBy = Phrases(n["cleared_by"]),
            }).ToList(),
            Soundbites = root["soundbites"].Items().Select(n => (n["relates_to"].StringOr(string.Empty), n["text"].RequiredString())).ToList(),
            Stories = root["stories"].Items().Select(n => new PocketStory(
                n["id"].RequiredString(),
                n["title"].RequiredString(),
                n["demonstrates"].StringList(),
                n["summary"].StringOr(string.Empty))).ToList(),
            Prep = ReadPrep(root["prep"], areaIds),
        };
    }

    private static List<PrepItem> ReadPrep(YamlNode node, IReadOnlyCollection<string>? areaIds)
    {
        var items = new List<PrepItem>();
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var n in node.Items())
        {
            var id = n["id"].RequiredString();
            if (!ids.Add(id))
            {
                throw n["id"].Error($"prep item '{id}' appears twice");
            }

            var areas = n["areas"].StringList();
            if (areas.Count == 0)
            {
                throw n["areas"].Error("needs at least one development area (ids from rubric.yaml areas:, e.g. specificity)");
            }

            var unknown = areaIds is null ? null : areas.FirstOrDefault(a => !areaIds.Contains(a, StringComparer.OrdinalIgnoreCase));
            if (unknown is not null)
            {
                throw n["areas"].Error($"'{unknown}' is not a development area in rubric.yaml; expected some of: {string.Join(", ", areaIds!)}");
            }

            var steps = n["steps"].StringList();
            if (steps.Count == 0)
            {
                throw n["steps"].Error("needs at least one step");
            }

            items.Add(new PrepItem(id, n["title"].RequiredString(), areas, steps));
        }

        return items;
    }

    private static CompanyValue ReadValue(YamlNode n, string kind) => new(
        n["id"].RequiredString(),
        n["name"].RequiredString(),
        kind,
        n["description"].StringOr(string.Empty),
        Phrases(n["evidence"], required: true),
        n["soundbite"].OptionalString())
    {
        NamedAs = Phrases(n["named_as"]),
    };

    private static List<Phrase> Phrases(YamlNode node, bool required = false)
    {
        var list = node.Phrases();
        if (required && list.Count == 0)
        {
            throw node.Error("needs at least one phrase");
        }

        return list.ToList();
    }

    /// <summary>A list of principle or value ids (a red flag's contradicts:), each checked against the file's own.</summary>
    private static List<string> ValueIds(YamlNode node, HashSet<string> ids)
    {
        var list = node.StringList();
        foreach (var id in list)
        {
            CheckId(node, id, ids);
        }

        return list.ToList();
    }

    private static void CheckId(YamlNode node, string? id, HashSet<string> ids)
    {
        if (id is not null && !ids.Contains(id))
        {
            throw node.Error($"'{id}' is not a principle or value id in this file");
        }
    }
}
