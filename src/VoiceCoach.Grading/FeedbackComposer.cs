using System.Globalization;
using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Questions;
using VoiceCoach.Core.Text;

namespace VoiceCoach.Grading;

/// <summary>
/// Writes per-answer feedback in the seed coach's voice: what worked, what needs work, one tip
/// (chosen by the answer's most serious flag, text from rubric.yaml) and an improved answer
/// template that reuses the candidate's own words where the answer had them.
/// </summary>
public sealed class FeedbackComposer
{
    private const int MaxWorked = 4;
    private const int MaxNeedsWork = 5;
    private const int QuoteWords = 18;

    /// <summary>A weighted criterion scoring under this is named in "needs work" even when no flag fired.</summary>
    private const double WeakCriterion = 60;

    private readonly RubricSettings _rubric;
    private readonly CompanyPack _company;

    public FeedbackComposer(RubricSettings rubric, CompanyPack company)
    {
        _rubric = rubric;
        _company = company;
    }

    public AnswerFeedback Compose(AnswerToGrade answer, AnswerFindings f, IReadOnlyList<string> flags, IReadOnlyDictionary<string, double> criteria)
    {
        var q = answer.Question;
        var story = q.Kind == QuestionKinds.Story;
        var worked = new List<string>();
        var needs = new List<string>();
        string? critical = null;

        // What worked, strongest evidence first.
        foreach (var v in f.Values.Where(v => v.Tied).Take(2))
        {
            worked.Add(Inv($"Great choice of \"{v.Name}\" - shown through your example, not just named"));
        }

        if (f.KeyPhrasesUsed.Count > 0)
        {
            worked.Add($"Natural use of {_company.Name} language (\"{string.Join("\", \"", f.KeyPhrasesUsed.Take(2))}\")");
        }

        if (story && f.HasExample)
        {
            worked.Add(f.Star[StarPart.Situation].Present && f.Star[StarPart.Action].Present && f.Star[StarPart.Result].Present
                ? "Clear STAR-Lite story: situation, action and result all there"
                : "Concrete example from your own work");
        }
        else if (!story && f.HasExample)
        {
            worked.Add("Backs the answer with a concrete example from your work");
        }

        if (f.NumbersInResult || (story && f.Numbers.Count > 0))
        {
            worked.Add($"Quantified result (\"{(f.ResultNumbers.Count > 0 ? f.ResultNumbers[0] : f.Numbers[0])}\") makes the impact believable");
        }

        if (f.EnthusiasmMarkers.Count > 0 && q.Kind is QuestionKinds.Motivation or QuestionKinds.Logistics)
        {
            worked.Add($"Genuine enthusiasm comes through (\"{string.Join("\", \"", f.EnthusiasmMarkers.Distinct().Take(2))}\")");
        }

        if (f.RoleTerms.Count > 0)
        {
            worked.Add($"Connects to the role ({string.Join(", ", f.RoleTerms.Take(3))})");
        }

        if (f.LengthVerdict == "on_target")
        {
            worked.Add(Inv($"Right length ({Duration(f.LengthSeconds)}, target {Target(f.TargetSeconds)})"));
        }

        if (story && f.HasExample && f.IWords > f.WeWords)
        {
            worked.Add("Clear ownership: you said what *you* did");
        }

        if (!flags.Contains("fillers") && !flags.Contains("fast") && !flags.Contains("slow") && !f.TimingEstimated && f.Words >= 20)
        {
            worked.Add(Inv($"Steady delivery ({f.WordsPerMinute:0} words/min, {f.FillerCount} filler{(f.FillerCount == 1 ? string.Empty : "s")})"));
        }

        // What needs work, most serious first.
        foreach (var flag in flags)
        {
            switch (flag)
            {
                case "no_example":
                    critical = "You didn't answer the question! No example was provided.";
                    needs.Add("No specific work example provided: the question asks for a time you did it");
                    break;
                case "incomplete":
                    critical ??= "Incomplete answer: it stops before the point lands.";
                    needs.Add($"Incomplete answer (cuts off mid-sentence!{(f.IncompleteReason is null ? string.Empty : $" It {f.IncompleteReason}.")})");
                    break;
                case "off_topic":
                    critical ??= "The answer doesn't address the question that was asked.";
                    needs.Add("Doesn't answer the question asked: restate it and answer exactly that");
                    break;
                case "red_flag":
                    foreach (var r in f.RedFlags)
                    {
                        needs.Add($"Red flag: \"{Spoken(r.Phrase)}\" - {Trim(r.Why)}");
                    }

                    break;
                case "too_long":
                    needs.Add(Inv($"{(f.LengthVerdict == "too_long" ? "Way too long" : "Too long")} (this was {Duration(f.LengthSeconds)} of talking; target {Target(f.TargetSeconds)})"));
                    break;
                case "too_short":
                    needs.Add(Inv($"Too short ({Duration(f.LengthSeconds)}): not enough to show your thinking (target {Target(f.TargetSeconds)})"));
                    break;
                case "no_values":
                    needs.Add($"Doesn't explicitly connect to {_company.Name} culture");
                    break;
                case "no_enthusiasm":
                    needs.Add("Missing excitement about the creative/studio impact");
                    break;
                case "no_numbers":
                    needs.Add("No measurable result: add a number (%, hours, $, users)");
                    break;
                case "we_heavy":
                    needs.Add(Inv($"Mostly \"we\" ({f.WeWords}× we vs {f.IWords}× I): say what *you* did"));
                    break;
                case "fillers":
                    needs.Add(Inv($"{f.FillerCount} fillers ({f.FillersPerMinute:0.#}/min): {string.Join(", ", f.Fillers.OrderByDescending(k => k.Value).Take(3).Select(k => Inv($"\"{Spoken(k.Key)}\" ×{k.Value}")))}"));
                    break;
                case "fast":
                    needs.Add(Inv($"Rushed: {f.WordsPerMinute:0} words/min (aim for {_rubric.IdealPace.Min:0}-{_rubric.IdealPace.Max:0})"));
                    break;
                case "slow":
                    needs.Add(Inv($"Slow: {f.WordsPerMinute:0} words/min (aim for {_rubric.IdealPace.Min:0}-{_rubric.IdealPace.Max:0})"));
                    break;
                default:
                    break;
            }
        }

        if (story && f.HasExample)
        {
            foreach (var part in new[] { StarPart.Situation, StarPart.Action, StarPart.Result })
            {
                var t = f.Star[part];
                if (!t.Present)
                {
                    needs.Add($"Missing the {part}: {(part == StarPart.Result ? "how did it end, and what changed?" : part == StarPart.Action ? "what did *you* do?" : "set the scene in one sentence")}");
                }
                else if (t.OverBudget)
                {
                    needs.Add(Inv($"{part} ran {t.Seconds:0} s (budget {t.BudgetSeconds:0} s)"));
                }
            }
        }

        if (f.Values.Count > 0 && f.Values.All(v => !v.Tied))
        {
            needs.Add($"Names {_company.Name} values ({string.Join(", ", f.Values.Take(2).Select(v => v.Name))}) without showing them in a story");
        }

        if (f.RoleTerms.Count == 0 && q.Kind is QuestionKinds.Motivation or QuestionKinds.Story && !string.IsNullOrEmpty(_company.Role.Team))
        {
            needs.Add($"Missing connection to {_company.Role.Team}");
        }

        // Weak criteria no flag spoke for: a C must say why, not "nothing major".
        var weak = WeakCriteria(q, f, flags, criteria);
        foreach (var criterion in weak)
        {
            needs.Add(criterion switch
            {
                "length" => Inv($"A bit short ({Duration(f.LengthSeconds)}, target {Target(f.TargetSeconds)}): add the result and what it means for {RoleTeam}"),
                "values" => $"Doesn't show a {_company.Name} value in action: tie one value to something you did",
                "example" => "No concrete example from your own work backs it up",
                "results" => "No measurable result: add a number (%, hours, $, users)",
                "enthusiasm" => "Missing excitement about the creative/studio impact",
                "relevance" => "Drifts from the question: restate its key words, then answer exactly that",
                "role" => $"Missing connection to {RoleTeam}",
                "ownership" => "Say what *you* did: \"I\" for your own actions",
                "delivery" => "Delivery got in the way: steady the pace and replace fillers with a pause",
                _ => "Give the answer a clear shape: the point first, one example, then what it means for the role",
            });
        }

        if (f.HedgeCount >= 3)
        {
            needs.Add(Inv($"Hedging ({string.Join(", ", f.Hedges.OrderByDescending(k => k.Value).Take(2).Select(k => Inv($"\"{Spoken(k.Key)}\" ×{k.Value}")))}) undercuts your confidence"));
        }

        if (worked.Count == 0)
        {
            worked.Add(f.Words > 0 ? "You stayed with the question and gave an answer to build on" : "You showed up and tried: that is the hardest part");
        }

        return new AnswerFeedback(
            worked.Distinct().Take(MaxWorked).ToList(),
            needs.Distinct().Take(MaxNeedsWork).ToList(),
            Tip([.. flags, .. weak.Select(TipFor)], f, q),
            Template(q, f),
            critical);
    }

    /// <summary>Two key phrases that are terminology, not just a value's name ("context not control", not "dream team").</summary>
    public static IEnumerable<string> TerminologyExamples(CompanyPack company) =>
        company.KeyPhrases.Select(k => k.Phrase)
            .Where(p => !company.Values.Any(v => string.Equals(v.Name, p, StringComparison.OrdinalIgnoreCase)))
            .Take(2);

    /// <summary>Fills a rubric text's placeholders ({company}, {role_team}, budgets, {target}, …).</summary>
    public string Fill(string text, (double Min, double Max)? target = null, string? value = null)
    {
        var t = target ?? _rubric.TargetFor(QuestionKinds.Story);
        return text
            .Replace("{company}", _company.Name, StringComparison.Ordinal)
            .Replace("{role_team}", string.IsNullOrEmpty(_company.Role.Team) ? _company.Role.Title : _company.Role.Team, StringComparison.Ordinal)
            .Replace("{role_title}", _company.Role.Title, StringComparison.Ordinal)
            .Replace("{key_message}", _company.Role.KeyMessage, StringComparison.Ordinal)
            .Replace("{key_phrases}", string.Join(", ", TerminologyExamples(_company).Select(k => $"\"{k}\"")), StringComparison.Ordinal)
            .Replace("{target}", Inv($"{t.Min:0}-{t.Max:0}"), StringComparison.Ordinal)
            .Replace("{value}", value ?? _company.Values[0].Name, StringComparison.Ordinal)
            .Replace("{budget_situation}", Inv($"{_rubric.SituationBudget:0}"), StringComparison.Ordinal)
            .Replace("{budget_task}", Inv($"{_rubric.TaskBudget:0}"), StringComparison.Ordinal)
            .Replace("{budget_action}", Inv($"{_rubric.ActionBudget:0}"), StringComparison.Ordinal)
            .Replace("{budget_result}", Inv($"{_rubric.ResultBudget:0}"), StringComparison.Ordinal);
    }

    private string RoleTeam => string.IsNullOrEmpty(_company.Role.Team) ? _company.Role.Title : _company.Role.Team;

    /// <summary>
    /// Criteria that weigh in this question's kind, scored under <see cref="WeakCriterion"/> (or, for length, under the
    /// target at all), and that no flag already explains; the costliest (weight × shortfall) first.
    /// </summary>
    private List<string> WeakCriteria(Question q, AnswerFindings f, IReadOnlyList<string> flags, IReadOnlyDictionary<string, double> criteria)
    {
        var weights = _rubric.WeightsFor(q.Kind);
        var story = q.Kind == QuestionKinds.Story;
        return criteria
            .Where(c => weights[c.Key] > 0 && (c.Value < WeakCriterion || (c.Key == "length" && f.LengthVerdict == "short")))
            .Where(c => c.Key switch
            {
                "length" => f.LengthVerdict == "short" && !flags.Contains("too_short"),
                "values" => !flags.Contains("no_values") && !(f.Values.Count > 0 && f.Values.All(v => !v.Tied)),
                "example" => !flags.Contains("no_example"),
                "results" => !flags.Contains("no_numbers") && !flags.Contains("no_example") && !(story && f.HasExample && !f.Star[StarPart.Result].Present),
                "enthusiasm" => !flags.Contains("no_enthusiasm"),
                "relevance" => !flags.Contains("off_topic"),
                "role" => !(f.RoleTerms.Count == 0 && q.Kind is QuestionKinds.Motivation or QuestionKinds.Story),
                "ownership" => !flags.Contains("we_heavy"),
                "delivery" => !flags.Any(x => x is "fillers" or "fast" or "slow"),
                "structure" => !story,
                _ => false,
            })
            .OrderByDescending(c => weights[c.Key] * (100 - c.Value))
            .Select(c => c.Key)
            .ToList();
    }

    /// <summary>The rubric tip (by flag name in rubric.yaml's tips) for a weak criterion.</summary>
    private static string TipFor(string criterion) => criterion switch
    {
        "length" => "too_short",
        "values" => "no_values",
        "example" => "no_example",
        "results" => "no_numbers",
        "enthusiasm" => "no_enthusiasm",
        "relevance" => "off_topic",
        "ownership" => "we_heavy",
        "delivery" => "fillers",
        _ => "structure",
    };

    private string Tip(IReadOnlyList<string> flags, AnswerFindings f, Question q)
    {
        var missingStructure = q.Kind == QuestionKinds.Story && f.HasExample
            && (!f.Star[StarPart.Action].Present || !f.Star[StarPart.Result].Present || f.Star.Values.Any(p => p.OverBudget));
        foreach (var (flag, tip) in _rubric.Tips)
        {
            if (flags.Contains(flag) || (flag == "structure" && missingStructure))
            {
                return Fill(tip, f.TargetSeconds);
            }
        }

        var fallback = _rubric.Tips.FirstOrDefault(t => t.Key == "default").Value;
        return Fill(fallback ?? "Keep going: tie one value and one role detail into every answer.", f.TargetSeconds);
    }

    private string Template(Question q, AnswerFindings f)
    {
        var template = _rubric.Templates.GetValueOrDefault(q.Kind) ?? _rubric.Templates.GetValueOrDefault(QuestionKinds.Story) ?? "{situation} {task} {action} {result} {connection}";
        var value = q.Values.Select(_company.FindValue).OfType<CompanyValue>().FirstOrDefault()?.Name
            ?? f.Values.FirstOrDefault()?.Name
            ?? _company.Values[0].Name;
        var sentences = f.Sentences;
        var sentenceWords = sentences.Select(s => (s.Text, Words: WordText.Words(s.Text))).ToList();
        string Own(StarPart part) => f.Star[part].Present ? Quote(f.Star[part].Text) : Hint(part.ToString().ToLowerInvariant());
        string FirstWhere(Func<IReadOnlyList<string>, bool> predicate, string hint) =>
            sentenceWords.FirstOrDefault(s => predicate(s.Words)).Text is { } s ? Quote(s) : Hint(hint);

        // Motivation: the candidate's own excitement, then a different sentence about the impact.
        var complete = f.Incomplete && sentenceWords.Count > 0 ? sentenceWords.Take(sentenceWords.Count - 1).ToList() : sentenceWords;
        var technical = complete.FirstOrDefault(s => _rubric.Enthusiasm.Any(e => e.OccursIn(s.Words))).Text;
        var impact = complete.FirstOrDefault(s => s.Text != technical && _company.Role.Terms.Any(t => t.OccursIn(s.Words))).Text;

        var filled = template
            .Replace("{situation}", Own(StarPart.Situation), StringComparison.Ordinal)
            .Replace("{task}", Own(StarPart.Task), StringComparison.Ordinal)
            .Replace("{action}", Own(StarPart.Action), StringComparison.Ordinal)
            .Replace("{result}", Own(StarPart.Result), StringComparison.Ordinal)
            .Replace("{connection}", f.Star[StarPart.Connection].Present && f.Values.Any(v => v.Tied) ? Quote(f.Star[StarPart.Connection].Text) : Hint("connection"), StringComparison.Ordinal)
            .Replace("{technical}", technical is null ? Hint("technical") : Quote(technical), StringComparison.Ordinal)
            .Replace("{impact}", impact is null ? Hint("impact") : Quote(impact), StringComparison.Ordinal)
            .Replace("{difference}", Hint("difference"), StringComparison.Ordinal)
            .Replace("{definition}", sentences.Count > 0 ? Quote(sentences[0].Text) : Hint("definition"), StringComparison.Ordinal)
            .Replace("{example}", f.HasExample ? FirstWhere(words => words.Contains("i"), "example") : Hint("example"), StringComparison.Ordinal)
            .Replace("{answer}", sentences.Count > 0 ? Quote(sentences[0].Text) : Hint("answer"), StringComparison.Ordinal);
        foreach (var (slot, hint) in _rubric.Hints)
        {
            filled = filled.Replace("{" + slot + "}", Fill(hint, f.TargetSeconds, value), StringComparison.Ordinal);
        }

        return Fill(filled, f.TargetSeconds, value);
    }

    /// <summary>A matched phrase as it would be written: "i think" → "I think", stems without "*".</summary>
    private static string Spoken(string phrase) =>
        string.Join(' ', phrase.TrimEnd('*').Split(' ').Select(w => w switch { "i" => "I", "i'm" => "I'm", "i'd" => "I'd", _ => w }));

    private string Hint(string slot) =>
        _rubric.Hints.TryGetValue(slot, out var h) ? h : $"[{slot}]";

    /// <summary>The candidate's own words without fillers, shortened, as a sentence.</summary>
    private string Quote(string text)
    {
        var words = WithoutFillers(text);
        var s = string.Join(' ', words.Take(QuoteWords)).Trim();
        if (words.Length > QuoteWords)
        {
            return s.TrimEnd(',', ';', ':', '.') + "…";
        }

        return s.Length > 0 && !WordText.EndsSentence(s) ? s.TrimEnd(',', ';', ':') + "." : s;
    }

    /// <summary>Drops filler words and phrases (rubric fillers) from a sentence, keeping its punctuation.</summary>
    private string[] WithoutFillers(string text)
    {
        var raw = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var norm = raw.Select(WordText.Normalize).ToArray();
        var drop = new bool[raw.Length];
        foreach (var p in _rubric.FillerPhrases.Concat(_rubric.FillerWords).Append(LikeFiller))
        {
            foreach (var at in p.FindIn(norm))
            {
                for (var k = at; k < at + p.Length && k < drop.Length; k++)
                {
                    drop[k] = true;
                }
            }
        }

        var kept = raw.Where((_, i) => !drop[i]).Select(w => w).ToList();
        if (kept.Count > 0)
        {
            // "Um, so, I started" → "I started": a leading "so," is a filler too.
            while (kept.Count > 1 && kept[0].TrimEnd(',').ToLowerInvariant() is "so" or "and" or "yeah" or "well")
            {
                kept.RemoveAt(0);
            }

            kept[0] = char.ToUpperInvariant(kept[0][0]) + kept[0][1..];
        }

        return kept.ToArray();
    }

    private static readonly Phrase LikeFiller = new("like,");

    private static string Trim(string why) => why.Trim().TrimEnd('.');

    private static string Duration(double seconds) => TimeFormat.Duration(seconds);

    private static string Target((double Min, double Max) t) => TimeFormat.Range(t);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
