using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Text;

namespace VoiceCoach.Core.Questions;

/// <summary>Reads prompts/questions/*.yaml (schema documented in each file's header).</summary>
public static class QuestionBankLoader
{
    private static readonly string[] Difficulties = ["easy", "medium", "hard"];

    /// <summary>Parses one bank file.</summary>
    /// <param name="reader">The YAML text.</param>
    /// <param name="file">The file name, used in error messages.</param>
    /// <exception cref="PromptFileException">Broken YAML, a missing field or a value out of range.</exception>
    public static IReadOnlyList<Question> Load(TextReader reader, string file)
    {
        var root = YamlNode.Parse(reader, file);
        var questions = Load(root);
        PromptProblem.ThrowIfAny(QuestionBankValidator.Validate(root));
        return questions;
    }

    /// <summary>Reads the shape of a parsed bank; the meaning is <see cref="QuestionBankValidator"/>'s.</summary>
    internal static IReadOnlyList<Question> Load(YamlNode root)
    {
        var bank = root["bank"].RequiredString();
        var company = root["company"].StringOr(string.Empty);
        var list = new List<Question>();
        foreach (var q in root["questions"].Items())
        {
            (double, double)? target = q["target_seconds"].Exists ? q["target_seconds"].Range() : null;
            list.Add(new Question
            {
                Id = q["id"].RequiredString(),
                Text = q["text"].RequiredString().Trim(),
                Round = q["round"].OneOf(Rounds.All),
                Kind = q["kind"].OneOf(QuestionKinds.All),
                Difficulty = q["difficulty"].Exists ? q["difficulty"].OneOf(Difficulties) : "medium",
                Company = company,
                Bank = bank,
                Tags = q["tags"].StringList(),
                Values = q["values"].StringList(),
                TargetSeconds = target,
                TalkingPoints = q["talking_points"].StringList(),
                Outline = q["outline"].OptionalString(),
                FollowUps = q["follow_ups"].StringList(),
                Misconceptions = q["misconceptions"].StringList(),
                WrongClaims = [.. WrongClaims(q["wrong_claims"]), .. SwappedPairs(q["swapped_pairs"])],
                IgnoreRedFlags = q["ignore_red_flags"].StringList(),
                AsksFor = q["asks_for"].Items().Select(AskedElement).ToList(),
            });
        }

        if (list.Count == 0)
        {
            throw root["questions"].Error("no questions; expected a list of questions with id, text, round, kind");
        }

        return list;
    }

    private static AskedElement AskedElement(YamlNode n)
    {
        var phrases = n["phrases"].Phrases();
        return phrases.Count > 0
            ? new AskedElement(n["name"].RequiredString(), phrases, n["required"].BoolOr(false))
            : throw n["phrases"].Error("expected a list of phrases an answer that touches this element would use");
    }

    /// <summary>A question's <c>wrong_claims:</c>: each with <c>says</c> (required), <c>about</c> and <c>why</c> (required).</summary>
    private static List<WrongClaim> WrongClaims(YamlNode node)
    {
        var claims = new List<WrongClaim>();
        foreach (var c in node.Items())
        {
            var says = c["says"].StringList();
            if (says.Count == 0)
            {
                throw c.Error("a wrong claim without `says`; expected the phrases that state the idea backwards, e.g. says: [\"too simple\"]");
            }

            claims.Add(new WrongClaim(Phrase.List(c["about"].StringList()), Phrase.List(says), c["why"].RequiredString().Trim()));
        }

        return claims;
    }

    /// <summary>
    /// A question's <c>swapped_pairs:</c>: two ideas told apart by what defines each (overfitting and underfitting, bias
    /// and variance, data and model parallelism). Each side has <c>about</c> (its name) and <c>defined_by</c> (what only it
    /// is); one side said with the other's definition is the pair swapped, a wrong claim each way with the pair's <c>why</c>.
    /// </summary>
    private static IEnumerable<WrongClaim> SwappedPairs(YamlNode node)
    {
        foreach (var pair in node.Items())
        {
            var sides = pair["sides"].Items().ToList();
            if (sides.Count != 2)
            {
                throw pair.Error($"a swapped pair with {sides.Count} sides; expected exactly two, each with `about` and `defined_by`");
            }

            var why = pair["why"].RequiredString().Trim();
            var about = sides.Select(side => Phrase.List(side["about"].StringList())).ToList();
            var defined = sides.Select(side => Phrase.List(side["defined_by"].StringList())).ToList();
            for (var i = 0; i < 2; i++)
            {
                if (about[i].Count == 0 || defined[i].Count == 0)
                {
                    throw sides[i].Error("a side of a swapped pair needs `about` (its name) and `defined_by` (what only it is), e.g. about: [overfit*], defined_by: [memori*]");
                }
            }

            yield return new WrongClaim(about[0], defined[1], why);
            yield return new WrongClaim(about[1], defined[0], why);
        }
    }
}
