using System.Globalization;
using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Questions;
using VoiceCoach.Core.Text;
using VoiceCoach.Grading.Analysis;

namespace VoiceCoach.Grading;

/// <summary>
/// Writes per-answer feedback in the seed coach's voice: what worked, what needs work, one tip
/// (chosen by the answer's most serious flag, text from rubric.yaml), an improved answer template
/// that reuses the candidate's own words where the recogniser was sure of them
/// (<see cref="AnswerTemplateWriter"/>) and, under a critical miss that left the question unanswered,
/// what the question asked for (its talking points).
/// </summary>
public sealed class FeedbackComposer
{
    private const int MaxWorked = 4;
    private const int MaxNeedsWork = 5;
    private const int MaxAskedFor = 4;


    private readonly RubricSettings _rubric;
    private readonly CompanyPack _company;
    private readonly RubricText _text;
    private readonly AnswerTemplateWriter _templates;
    private readonly CriterionNotes _notes;
    private readonly ShortAnswerSubstance _substance;

    public FeedbackComposer(RubricSettings rubric, CompanyPack company)
    {
        _rubric = rubric;
        _company = company;
        _text = new RubricText(rubric, company);
        _templates = new AnswerTemplateWriter(rubric, company);
        _notes = new CriterionNotes(rubric, company);
        _substance = new ShortAnswerSubstance(rubric);
    }

    public AnswerFeedback Compose(AnswerToGrade answer, AnswerFindings f, IReadOnlyList<string> flags, IReadOnlyDictionary<string, double> criteria)
    {
        var q = answer.Question;
        var story = q.Kind == QuestionKinds.Story;
        var worked = new List<string>();
        var needs = new List<string>();
        string? critical = null;

        // Set when the critical miss is that the question went unanswered: then the report says what it asked for.
        var unanswered = false;

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
            // A part far over its budget (a 66 s action) is not a clear structure, whatever parts are there.
            worked.Add(f.Star[StarPart.Situation].Present && f.Star[StarPart.Action].Present && f.Star[StarPart.Result].Present && !f.Star.Values.Any(p => p.OverBudget)
                ? "Clear STAR-Lite story: situation, action and result all there"
                : "Concrete example from your own work");
        }
        else if (!story && f.HasExample)
        {
            worked.Add("Backs the answer with a concrete example from your work");
        }

        if (f.NumbersInResult)
        {
            worked.Add($"Quantified result (\"{f.ResultNumbers[0]}\") makes the impact believable");
        }

        if (f.EnthusiasmMarkers.Count > 0 && q.Kind is QuestionKinds.Motivation or QuestionKinds.Logistics)
        {
            worked.Add($"Genuine enthusiasm comes through (\"{string.Join("\", \"", f.EnthusiasmMarkers.Distinct().Take(2))}\")");
        }

        if (f.RoleTerms.Count > 0)
        {
            worked.Add($"Connects to the role ({string.Join(", ", f.RoleTerms.Take(3))})");
        }

        if (f.LengthVerdict == LengthVerdict.OnTarget)
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
                case "no_example" when story:
                    critical = "You didn't answer the question! No example was provided.";
                    unanswered = true;
                    needs.Add("No specific work example provided: the question asks for a time you did it");
                    break;
                case "no_example":
                    needs.Add("No concrete example: show one time you did it, not only how you think about it");
                    break;
                case "incomplete":
                    critical ??= "Incomplete answer: it stops before the point lands.";
                    needs.Add($"Incomplete answer (cuts off mid-sentence!{(f.IncompleteReason is null ? string.Empty : $" It {f.IncompleteReason}.")})");
                    break;
                case "off_topic":
                    unanswered |= critical is null;
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
                    needs.Add(Inv($"{(f.LengthVerdict == LengthVerdict.TooLong ? "Way too long" : "Too long")} (this was {Duration(f.LengthSeconds)} of talking; target {Target(f.TargetSeconds)})"));
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

        if (_substance.ListsTools(q, f))
        {
            var first = q.TalkingPoints.Count > 0 ? $": start from \"{q.TalkingPoints[0]}\", then say why each part is there" : "";
            needs.Add($"You named tools ({string.Join(", ", f.ToolsNamed.Take(4))}…) but not the design{first}");
        }

        if (_substance.Generic(q, f, flags))
        {
            needs.Add("Generic: true, but any candidate could say it; add one thing that is yours: a project, a tool, a number or a time you did it");
        }

        // Wrong claims: the bank says what the right way round is, so the line can say it too.
        foreach (var claim in f.WrongClaims)
        {
            needs.Add($"The core idea is stated the wrong way round: {claim.Why}");
        }

        if (f.WrongClaims.Count == 0 && RubricGrader.WrongAtTheCore(_rubric, q, f))
        {
            needs.Add("The core idea may be stated backwards: what you said sits closer to a common misconception than to the idea itself; check the definition and the direction of each claim");
        }

        // Critical misses the analysis is not sure of: a point to check, never a cap.
        foreach (var unsure in f.CriticalMisses.Where(c => c.Confidence >= _rubric.Critical.NeedsWorkConfidence && c.Confidence < _rubric.Critical.CapConfidence))
        {
            needs.Add(unsure.Flag switch
            {
                "incomplete" => $"The ending may be unfinished ({unsure.Reason}): make sure the last sentence lands",
                "no_example" => "The example is thin: name one specific time, what you did and what changed",
                "off_topic" => "Check that this answers the question asked: restate its key words in your first sentence",
                _ when f.RedFlags.Count == 0 => $"Careful with {unsure.Reason}",
                _ => $"Careful with \"{f.RedFlags.FirstOrDefault(r => r.IsHighSeverity())?.Phrase}\": it can sound like a red flag",
            });
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
            needs.Add(_notes.Weak(criterion, q, f));
        }

        if (f.HedgeCount >= 3)
        {
            needs.Add(Inv($"Hedging ({string.Join(", ", f.Hedges.OrderByDescending(k => k.Value).Take(2).Select(k => Inv($"\"{Spoken(k.Key)}\" ×{k.Value}")))}) undercuts your confidence"));
        }

        if (worked.Count == 0)
        {
            // Never "stayed with the question" beside a note that says it did not.
            worked.Add(f.Words == 0 ? "You showed up and tried: that is the hardest part"
                : flags.Contains("off_topic") ? "You gave the coach material to build on"
                : "You stayed with the question and gave an answer to build on");
        }

        // "What the Question Asked For" belongs under a miss that left the question unanswered, not under a cut-off.
        return new AnswerFeedback(
            worked.Distinct().Take(MaxWorked).ToList(),
            needs.Distinct().Take(MaxNeedsWork).ToList(),
            Tip([.. flags, .. weak.Select(TipFor)], f, q),
            _templates.Write(q, f, answer.Transcript),
            critical)
        {
            AskedFor = unanswered ? AskedFor(q) : [],
        };
    }

    /// <summary>
    /// Feedback on an answer with no speech: the critical miss says what was (not) heard and what to check, the tip is
    /// rubric.yaml's no_answer tip, the template is all hints and the talking points say what the question asked for.
    /// Nothing "worked": there is nothing to praise in silence, and nothing about length or delivery to criticise.
    /// </summary>
    public AnswerFeedback ComposeNoAnswer(AnswerToGrade answer, AnswerFindings f)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(f);
        string critical, need;
        if (f.SpokenSeconds > 0)
        {
            critical = Inv($"No answer: {Duration(f.SpokenSeconds)} of speech was heard, but no words were recognised.");
            need = "Speak up and close to the microphone; a Whisper model (`voicecoach models download base.en`) recognises more than PocketSphinx";
        }
        else if (f.TimingEstimated && answer.AudioPath is null)
        {
            critical = "No answer: the transcript is empty.";
            need = "Type what you said in the manifest's transcript (or record the answer), then grade it again";
        }
        else
        {
            critical = Inv($"No answer: nothing was heard in the {Duration(f.DurationSeconds)} recording.");
            need = "Nothing was heard: check the microphone (`voicecoach devices`), then answer this question out loud, even with a rough first attempt";
        }

        return new AnswerFeedback([], [need], Tip([RubricGrader.NoAnswerFlag], f, answer.Question), _templates.Write(answer.Question, f, answer.Transcript), critical)
        {
            AskedFor = AskedFor(answer.Question),
        };
    }

    /// <summary>Two key phrases that are terminology, not just a value's name ("context not control", not "dream team").</summary>
    public static IEnumerable<string> TerminologyExamples(CompanyPack company) => RubricText.TerminologyExamples(company);

    /// <summary>Fills a rubric text's placeholders ({company}, {role_team}, budgets, {target}, …); see <see cref="RubricText"/>.</summary>
    public string Fill(string text, (double Min, double Max)? target = null, string? value = null) => _text.Fill(text, target, value);

    /// <summary>What the question asked for: its talking points (none for a question typed into a manifest).</summary>
    private static List<string> AskedFor(Question q) => q.TalkingPoints.Take(MaxAskedFor).ToList();

    private string RoleTeam => _text.RoleTeam;

    /// <summary>
    /// Criteria that weigh in this question's kind, scored under <see cref="CriterionNotes.WeakCriterion"/> (or, for length, under the
    /// target at all), and that no flag already explains; the costliest (weight × shortfall) first.
    /// </summary>
    private List<string> WeakCriteria(Question q, AnswerFindings f, IReadOnlyList<string> flags, IReadOnlyDictionary<string, double> criteria)
    {
        var weights = _rubric.WeightsFor(q.Kind);
        return _notes.Applicable(q, f, flags, criteria)
            .Where(c => c.Value < CriterionNotes.WeakCriterion || (c.Key == "length" && f.LengthVerdict == LengthVerdict.Short))
            .Where(c => c.Key != "length" || f.LengthVerdict == LengthVerdict.Short)
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

    /// <summary>A matched phrase as it would be written: "i think" → "I think", stems without "*".</summary>
    private static string Spoken(string phrase) =>
        string.Join(' ', phrase.TrimEnd('*').Split(' ').Select(w => w switch { "i" => "I", "i'm" => "I'm", "i'd" => "I'd", _ => w }));

    private static string Trim(string why) => why.Trim().TrimEnd('.');

    private static string Duration(double seconds) => TimeFormat.Duration(seconds);

    private static string Target((double Min, double Max) t) => TimeFormat.Range(t);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
