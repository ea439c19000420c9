using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Questions;
using VoiceCoach.Core.Text;
using VoiceCoach.Core.Transcription;

namespace VoiceCoach.Grading;

/// <summary>
/// Writes an answer's improved-answer template: rubric.yaml's template for the question's kind, each slot filled with
/// the candidate's own sentence for it, or with the slot's bracketed hint ("[Result, ~10 s: a number…]"). A sentence
/// is quoted only when the recogniser was sure of every quoted word (rubric quotes.min_confidence; words without a
/// confidence, as in typed transcripts, count as sure): a template repeating a mishearing ("Sell 'em yeah so my my
/// aunt's experience") would teach the candidate words they never said. A quote is a model to build on, so it drops
/// fillers and stutters ("i think i think"), is never a sentence left dangling ("…all of that applies to"), and
/// fills the Result slot only when the result has a measure (otherwise the hint asks for one). Immutable; thread-safe.
/// </summary>
public sealed class AnswerTemplateWriter
{
    private const int QuoteWords = 18;

    private static readonly Phrase LikeFiller = new("like,");

    private readonly RubricSettings _rubric;
    private readonly CompanyPack _company;
    private readonly RubricText _text;
    private readonly Phrase? _keyMessage;

    public AnswerTemplateWriter(RubricSettings rubric, CompanyPack company)
    {
        _rubric = rubric;
        _company = company;
        _text = new RubricText(rubric, company);
        var keyMessage = string.Join(' ', WordText.Words(company.Role.KeyMessage));
        _keyMessage = keyMessage.Length > 0 ? new Phrase(keyMessage) : null;
    }

    /// <summary>The template for an answer to <paramref name="q"/>; with no sentences (no answer) every slot is a hint.</summary>
    public string Write(Question q, AnswerFindings f, Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(transcript);
        var template = _rubric.Templates.GetValueOrDefault(q.Kind) ?? _rubric.Templates.GetValueOrDefault(QuestionKinds.Story) ?? "{situation} {task} {action} {result} {connection}";
        var value = q.Values.Select(_company.FindValue).OfType<CompanyValue>().FirstOrDefault()?.Name
            ?? f.Values.FirstOrDefault()?.Name
            ?? _company.Values[0].Name;
        var sentences = Sentences(f.Sentences, transcript.Words);
        var quotable = sentences.Where(s => s.Quote is not null).ToList();
        string Quoted(Said? s, string hint) => s?.Quote ?? Hint(hint);
        string Own(StarPart part) => (f.Star[part].Present && (part != StarPart.Result || f.NumbersInResult) ? PartQuote(sentences, part) : null) ?? Hint(part.ToString().ToLowerInvariant());

        // Motivation: the candidate's own excitement, then a different sentence about the impact (never the
        // sentence that was cut off); when she said the pack's key message herself, it is her "difference" sentence,
        // not a hint suggesting the words she already used.
        var complete = f.Incomplete && sentences.Count > 0 ? quotable.Where(s => !ReferenceEquals(s, sentences[^1])).ToList() : quotable;
        var difference = _keyMessage is null ? null : complete.FirstOrDefault(s => _keyMessage.OccursIn(s.Words));
        complete = complete.Where(s => !ReferenceEquals(s, difference)).ToList();
        var technical = complete.FirstOrDefault(s => _rubric.Enthusiasm.Any(e => e.OccursIn(s.Words)));
        var impact = complete.FirstOrDefault(s => !ReferenceEquals(s, technical) && _company.Role.Terms.Any(t => t.OccursIn(s.Words)));
        var opening = sentences.Count > 0 ? sentences[0] : null;

        var filled = template
            .Replace("{situation}", Own(StarPart.Situation), StringComparison.Ordinal)
            .Replace("{task}", Own(StarPart.Task), StringComparison.Ordinal)
            .Replace("{action}", Own(StarPart.Action), StringComparison.Ordinal)
            .Replace("{result}", Own(StarPart.Result), StringComparison.Ordinal)
            .Replace("{connection}", (f.Star[StarPart.Connection].Present && f.Values.Any(v => v.Tied) ? PartQuote(sentences, StarPart.Connection) : null) ?? Hint("connection"), StringComparison.Ordinal)
            .Replace("{technical}", Quoted(technical, "technical"), StringComparison.Ordinal)
            .Replace("{impact}", Quoted(impact, "impact"), StringComparison.Ordinal)
            .Replace("{difference}", Quoted(difference, "difference"), StringComparison.Ordinal)
            .Replace("{definition}", Quoted(opening, "definition"), StringComparison.Ordinal)
            .Replace("{example}", f.HasExample ? Quoted(quotable.FirstOrDefault(s => s.Words.Contains("i")), "example") : Hint("example"), StringComparison.Ordinal)
            .Replace("{answer}", Quoted(opening, "answer"), StringComparison.Ordinal);
        foreach (var (slot, hint) in _rubric.Hints)
        {
            filled = filled.Replace("{" + slot + "}", _text.Fill(hint, f.TargetSeconds, value), StringComparison.Ordinal);
        }

        return _text.Fill(filled, f.TargetSeconds, value);
    }

    private string Hint(string slot) =>
        _rubric.Hints.TryGetValue(slot, out var h) ? h : $"[{slot}]";

    /// <summary>
    /// The candidate's words for a STAR-Lite part: from the part's first sentence on (a part's sentences follow each
    /// other), or, when a quoted word there was not heard surely, from its next sentence on; null when none is quotable.
    /// </summary>
    private string? PartQuote(List<Said> sentences, StarPart part)
    {
        var own = sentences.Where(s => s.Part == part).ToList();
        for (var i = 0; i < own.Count; i++)
        {
            if (Quote(own.Skip(i).SelectMany(s => s.Heard).ToList()) is { } quote)
            {
                return quote;
            }
        }

        return null;
    }

    /// <summary>
    /// Each labelled sentence with its words from the transcript (a word belongs to the sentence whose time span holds
    /// its start) and its quote, or a null quote when a quoted word was heard below the confidence bar.
    /// </summary>
    private List<Said> Sentences(IReadOnlyList<LabeledSentence> sentences, IReadOnlyList<TimedWord> words)
    {
        var list = new List<Said>(sentences.Count);
        var k = 0;
        for (var i = 0; i < sentences.Count; i++)
        {
            var end = i + 1 < sentences.Count ? sentences[i + 1].Start : double.PositiveInfinity;
            var own = new List<TimedWord>();
            while (k < words.Count && words[k].Start.TotalSeconds < end)
            {
                own.Add(words[k]);
                k++;
            }

            list.Add(new Said(sentences[i].Part, WordText.Words(sentences[i].Text), own, Quote(own)));
        }

        return list;
    }

    /// <summary>
    /// The candidate's own words without fillers and stutters, shortened, as a sentence; null when a quoted word was
    /// not heard surely, or when the whole sentence ends on a word no sentence can end on ("…applies to").
    /// </summary>
    private string? Quote(IReadOnlyList<TimedWord> said)
    {
        var kept = WithoutRepeats(WithoutFillers(said));
        if (kept.Count < Math.Max(1, _rubric.QuoteMinWords))
        {
            return null;
        }

        if (kept.Count <= QuoteWords && _rubric.CutOff.StrongEndings.Contains(WordText.Normalize(kept[^1].Text)))
        {
            return null;
        }

        var quoted = kept.Take(QuoteWords).ToList();
        if (quoted.Any(w => w.Confidence is { } c && c < _rubric.QuoteMinConfidence))
        {
            return null;
        }

        var texts = quoted.Select(w => Pronoun(w.Text.Trim())).ToList();
        texts[0] = char.ToUpperInvariant(texts[0][0]) + texts[0][1..];
        var s = string.Join(' ', texts).Trim();
        if (kept.Count > QuoteWords)
        {
            return s.TrimEnd(',', ';', ':', '.') + "…";
        }

        return WordText.EndsSentence(s) ? s : s.TrimEnd(',', ';', ':') + ".";
    }

    /// <summary>"I" as a writer spells it: recognisers type "i", "i'm", "i'd" in lower case.</summary>
    private static string Pronoun(string word) =>
        word == "i" || word.StartsWith("i'", StringComparison.Ordinal) || word.StartsWith("i\u2019", StringComparison.Ordinal) ? "I" + word[1..] : word;

    /// <summary>Drops filler words and phrases (rubric fillers) and a leading "so,"/"and"/"yeah"/"well".</summary>
    private List<TimedWord> WithoutFillers(IReadOnlyList<TimedWord> said)
    {
        var words = said.Where(w => w.Text.Trim().Length > 0).ToList();
        var norm = words.Select(w => WordText.Normalize(w.Text)).ToArray();
        var drop = new bool[words.Count];
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

        var kept = words.Where((_, i) => !drop[i]).ToList();

        // "Um, so, I started" → "I started": a leading "so," is a filler too.
        while (kept.Count > 1 && kept[0].Text.Trim().TrimEnd(',').ToLowerInvariant() is "so" or "and" or "yeah" or "well")
        {
            kept.RemoveAt(0);
        }

        return kept;
    }

    /// <summary>
    /// Drops a word or a pair of words said twice in a row ("my my", "i think i think"): a stutter, not a choice. A word
    /// the rubric allows to repeat ("very very", "had had": delivery.repeat_exempt, as the delivery score counts
    /// stumbles) is kept twice.
    /// </summary>
    private List<TimedWord> WithoutRepeats(List<TimedWord> words)
    {
        var norm = words.Select(w => WordText.Normalize(w.Text)).ToList();
        var kept = new List<TimedWord>(words.Count);
        var keptNorm = new List<string>(words.Count);
        for (var i = 0; i < words.Count; i++)
        {
            var n = keptNorm.Count;
            if (n >= 1 && keptNorm[n - 1] == norm[i] && norm[i].Length > 0 && !_rubric.RepeatExempt.Contains(norm[i]))
            {
                continue;
            }

            if (n >= 2 && i + 1 < words.Count && keptNorm[n - 2] == norm[i] && keptNorm[n - 1] == norm[i + 1])
            {
                i++;
                continue;
            }

            kept.Add(words[i]);
            keptNorm.Add(norm[i]);
        }

        return kept;
    }

    /// <summary>A sentence as said: its STAR-Lite part, normalised words, the words as heard, and its quote (null when not quotable).</summary>
    private sealed record Said(StarPart Part, IReadOnlyList<string> Words, IReadOnlyList<TimedWord> Heard, string? Quote);
}
