namespace VoiceCoach.Speech.Sphinx;

/// <summary>
/// The filler pass's last step (<see cref="SphinxFillerOptions.RejectBelow"/>, <see cref="SphinxFillerOptions.SwapAbove"/>):
/// a small classifier (<see cref="FillerClassifier"/>) judges each counted "um"/"uh" and each short word a filler may
/// have been heard as ("um, she" as "and she"), from what path scores do not carry: the span's length, posterior and
/// acoustic score, how steady its spectrum is, the pauses around it and the answer's noise. A counted filler it finds
/// unlikely is dropped; a short word it is sure of becomes a filler.
/// </summary>
internal static class FillerJudge
{
    /// <summary>The features a model may name: see <see cref="Measure"/>.</summary>
    public static readonly IReadOnlySet<string> FeatureNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "logdur", "post", "ascr", "flux", "pbefore", "pafter", "snr", "first", "added",
    };

    // Pauses count up to half a second; a word with no word before it in the utterance has a "pause" of one second.
    private const int MaxPauseFrames = 50;
    private const int NoNeighbourFrames = 100;

    // The language-model search reports acoustic scores 1,024 times the grammar search's scale.
    private const double FirstDecodeScoreScale = 1024;
    private const double LowestScore = -80;

    private const int MarginFrames = 30;
    private const int SamplesPerFrame = 16_000 / SphinxWords.FramesPerSecond;

    /// <summary>
    /// <paramref name="result"/> (the utterance after the filler pass) with the judge's changes; unchanged when both
    /// settings are off. <paramref name="heard"/> is the first decode (a filler not in it was added by the pass);
    /// <paramref name="audio"/> the stream's audio from its start, <paramref name="levels"/> the stream's frame levels
    /// (one instance per stream, so each frame is measured once however many utterances are judged).
    /// </summary>
    public static IReadOnlyList<SphinxWord> Apply(
        IReadOnlyList<SphinxWord> result, IReadOnlyList<SphinxWord> heard, ReadOnlySpan<short> audio, FrameLevels levels, SphinxFillerOptions options, FillerClassifier classifier)
    {
        var words = result.Where(w => SphinxWords.Clean(w.Word) is not null).ToList();
        if (words.Count == 0 || (options.RejectBelow <= 0 && options.SwapAbove >= 1))
        {
            return result;
        }

        var toSample = Math.Min(audio.Length, (words[^1].EndFrame + 1 + MarginFrames) * SamplesPerFrame);
        var features = new FillerFeatures(audio[..Math.Max(0, toSample)], levels);
        var judged = new List<SphinxWord>(result.Count);
        var index = 0;
        foreach (var entry in result)
        {
            if (SphinxWords.Clean(entry.Word) is not { } text)
            {
                judged.Add(entry);
                continue;
            }

            var i = index++;
            if (options.Fillers.Contains(text, StringComparer.OrdinalIgnoreCase))
            {
                var added = !heard.Any(h => h.Word == entry.Word && h.StartFrame == entry.StartFrame);
                if (options.RejectBelow <= 0 || classifier.Reject.Probability(Measure(words, i, added, features)) >= options.RejectBelow)
                {
                    judged.Add(entry);
                }
            }
            else if (options.SwapAbove < 1 && classifier.SwapWords.Contains(text, StringComparer.Ordinal)
                && classifier.Swap.Probability(Measure(words, i, added: false, features)) is var p && p > options.SwapAbove)
            {
                judged.Add(entry with { Word = classifier.FillerFor(text), Confidence = p });
            }
            else
            {
                judged.Add(entry);
            }
        }

        return judged;
    }

    /// <summary>
    /// The features of <paramref name="words"/>[<paramref name="i"/>] (the utterance's words, silence and noise left
    /// out): logdur (ln of its length in seconds), post (its confidence), ascr (acoustic score per frame, on the grammar
    /// search's scale, at least -80), flux (<see cref="FillerFeatures.SpectralChange"/>), pbefore / pafter (the pause
    /// to the word before / after, in seconds, at most 0.5), snr (<see cref="FillerFeatures.NoiseDb"/>), first (1 when
    /// no word comes before it), added (1 for a filler the pass added).
    /// </summary>
    internal static Dictionary<string, double> Measure(IReadOnlyList<SphinxWord> words, int i, bool added, FillerFeatures features)
    {
        var word = words[i];
        var before = i == 0 ? NoNeighbourFrames : word.StartFrame - words[i - 1].EndFrame - 1;
        var after = i == words.Count - 1 ? NoNeighbourFrames : words[i + 1].StartFrame - word.EndFrame - 1;
        var score = (double)word.AcousticScore / word.Frames / (added ? 1 : FirstDecodeScoreScale);
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["logdur"] = Math.Log(word.Frames / (double)SphinxWords.FramesPerSecond),
            ["post"] = word.Confidence,
            ["ascr"] = Math.Max(score, LowestScore),
            ["flux"] = features.SpectralChange(word.StartFrame, word.EndFrame),
            ["pbefore"] = Math.Min(before, MaxPauseFrames) / (double)SphinxWords.FramesPerSecond,
            ["pafter"] = Math.Min(after, MaxPauseFrames) / (double)SphinxWords.FramesPerSecond,
            ["snr"] = features.NoiseDb,
            ["first"] = before >= NoNeighbourFrames ? 1 : 0,
            ["added"] = added ? 1 : 0,
        };
    }
}
