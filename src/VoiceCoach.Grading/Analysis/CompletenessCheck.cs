using System.Globalization;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Text;

namespace VoiceCoach.Grading.Analysis;

/// <summary>
/// Was the answer cut off mid-sentence? A confidence, never a yes from the last word alone (rubric cut_off): the
/// grammar of the ending ("…the" cannot end a sentence, "…that" can: "someone who values that"), scaled down when
/// the recogniser was unsure of that word, raised when speech ran to the very end of the recording (the clock or
/// the candidate's key cut it), lowered for an ending that can be complete when speech trailed into a pause.
/// </summary>
internal sealed class CompletenessCheck
{
    private readonly CutOffSettings _settings;

    public CompletenessCheck(RubricSettings rubric) => _settings = rubric.CutOff;

    /// <param name="w">The answer's words.</param>
    /// <param name="voice">Voice activity, when a VAD ran on the audio.</param>
    /// <param name="recording">The recording's length in seconds.</param>
    public (double Confidence, string? Reason) Check(AnswerText w, VoiceActivity? voice, double recording)
    {
        if (w.Count == 0)
        {
            return (0, null);
        }

        var last = w.Norm[^1];
        var raw = w.Raw[^1];
        var s = _settings;
        double confidence;
        string reason;
        var weak = false;
        if (raw.EndsWith("...", StringComparison.Ordinal) || raw.EndsWith('\u2026') || raw.EndsWith('-') || raw.EndsWith('\u2014'))
        {
            confidence = s.TrailingMarkConfidence;
            reason = "trails off";
        }
        else if (WordText.EndsSentence(raw))
        {
            return (0, null);
        }
        else if (s.StrongEndings.Contains(last) && Stranded(w))
        {
            // "…that's the principle I'd lean into": a relative clause whose preposition ends it, complete as said.
            confidence = s.StrandedConfidence;
            reason = $"ends on \"{last}\" after its clause's verb";
        }
        else if (s.StrongEndings.Contains(last))
        {
            confidence = s.StrongConfidence;
            reason = $"ends on \"{last}\"";
        }
        else if (s.WeakEndings.Contains(last) && w.Count > 1 && s.OpenBefore.Contains(w.Norm[^2]))
        {
            confidence = s.OpenedConfidence;
            reason = $"ends on \"{w.Norm[^2]} {last}\"";
        }
        else if (s.WeakEndings.Contains(last))
        {
            confidence = s.WeakConfidence;
            weak = true;
            reason = $"ends on \"{last}\"";

            // A listener who typed full stops elsewhere typed none here: with a word that often dangles ("…the thing to
            // ask is"), two independent signs of the same cut-off.
            if (w.SentenceEnds >= 2)
            {
                confidence = 1 - ((1 - confidence) * (1 - s.UnpunctuatedConfidence));
                reason += "; its sentence has no full stop";
            }
        }
        else if (w.SentenceEnds >= 2)
        {
            confidence = s.UnpunctuatedConfidence;
            weak = true;
            reason = "last sentence unfinished";
        }
        else
        {
            confidence = 0;
            reason = string.Empty;
        }

        var heard = w.Confidence[^1];
        if (heard is { } c && c < s.LowWordConfidence && confidence > 0)
        {
            confidence *= c / s.LowWordConfidence;
            reason += string.Create(CultureInfo.InvariantCulture, $"; the recogniser was unsure of that word ({c:0.00})");
        }

        if (voice is not null)
        {
            var after = recording - voice.SpokenEnd.TotalSeconds;
            if (after < s.AbruptEndSeconds)
            {
                // Speech running into the end of the recording: cut by the clock or the key, whatever the last word.
                confidence = confidence > 0 ? Math.Min(1, confidence + s.AbruptEndBoost) : 0;
                reason += confidence > 0 ? "; speech ran to the end of the recording" : string.Empty;
            }
            else if (weak && after >= s.TrailingPauseSeconds && confidence > 0)
            {
                confidence = Math.Max(0, confidence - s.TrailingPausePenalty);
                reason += string.Create(CultureInfo.InvariantCulture, $"; speech trailed into {after:0.0} s of silence");
            }
        }

        return confidence > 0 ? (confidence, reason) : (0, null);
    }

    /// <summary>
    /// The last word is a preposition its relative clause strands: a subject one to rubric cut_off.stranding_max_gap
    /// words before it ("I'd lean into", "we can work with") after a noun or relative word ("the principle", "what"), not after a word that opens a
    /// new clause ("and I went to", "so I talked to") or ends a sentence, and not at the start of the answer.
    /// </summary>
    private bool Stranded(AnswerText w)
    {
        var s = _settings;
        if (!s.StrandedPrepositions.Contains(w.Norm[^1]))
        {
            return false;
        }

        // between: the words between the subject and the preposition ("lean" in "I'd lean into").
        for (var between = 1; between <= s.StrandingMaxGap; between++)
        {
            var subject = w.Count - 2 - between;
            if (subject >= 1 && s.StrandingSubjects.Contains(w.Norm[subject]))
            {
                return !s.StrandingClauseOpeners.Contains(w.Norm[subject - 1]) && !WordText.EndsSentence(w.Raw[subject - 1]);
            }
        }

        return StrandedByRelative(w);
    }

    /// <summary>
    /// "…which is where the real accuracy comes from": a relative word one to rubric cut_off.stranding_relative_max_gap
    /// words before the preposition, inside a sentence (not its first word), with no clause opener or sentence end
    /// between. "What happened was the team moved to" (the relative opens the sentence) stays cut off.
    /// </summary>
    private bool StrandedByRelative(AnswerText w)
    {
        var s = _settings;
        var preposition = w.Count - 1;
        for (var i = preposition - 2; i >= 1 && i >= preposition - 1 - s.StrandingRelativeMaxGap; i--)
        {
            if (WordText.EndsSentence(w.Raw[i]) || s.StrandingClauseOpeners.Contains(w.Norm[i]))
            {
                return false;
            }

            if (s.StrandingRelatives.Contains(w.Norm[i]))
            {
                return !WordText.EndsSentence(w.Raw[i - 1]);
            }
        }

        return false;
    }
}
