using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace VoiceCoach.Speech.Sphinx;

/// <summary>
/// The pure half of the filler pass (<see cref="SphinxFillerPass"/>): the grammar an utterance is decoded with the
/// second time, and how the fillers that decode finds are merged into the first decode's words.
/// </summary>
internal static partial class FillerGrammar
{
    /// <summary>The name of the grammar's filler rule.</summary>
    private const string FillerRule = "<filler>";

    /// <summary>
    /// The utterance's words (fillers, silence and noise left out), in the order they were heard: what the grammar
    /// allows, and what <see cref="Merge"/> keeps.
    /// </summary>
    public static List<string> Words(IEnumerable<SphinxWord> heard, SphinxFillerOptions options)
    {
        var words = new List<string>();
        foreach (var raw in heard)
        {
            var word = SphinxWords.Clean(raw.Word);
            if (word is not null && !IsFiller(word, options))
            {
                words.Add(word);
            }
        }

        return words;
    }

    /// <summary>
    /// A JSGF grammar of exactly <paramref name="words"/>, with an optional filler before, between and after them
    /// (none inside a <see cref="SphinxFillerOptions.KeepTogether"/> pair). Null when there is nothing to decode or a
    /// word cannot be written in JSGF (the utterance then keeps its first decode).
    /// </summary>
    public static string? Build(IReadOnlyList<string> words, SphinxFillerOptions options)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(options);
        if (words.Count == 0 || words.Any(w => !GrammarToken().IsMatch(w)) || options.Fillers.Any(f => !GrammarToken().IsMatch(f)))
        {
            return null;
        }

        var each = options.InsertionProbability / options.Fillers.Count;
        var alternatives = options.Fillers.Select(f => string.Create(CultureInfo.InvariantCulture, $"/{each:0.##########}/ {f}"))
            .Append(string.Create(CultureInfo.InvariantCulture, $"/{1 - options.InsertionProbability:0.##########}/ <NULL>"));
        var together = options.KeepTogether.Select(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(p => p.Length == 2)
            .Select(p => (p[0], p[1]))
            .ToHashSet();

        var body = new StringBuilder(FillerRule);
        for (var i = 0; i < words.Count; i++)
        {
            body.Append(' ').Append(words[i]);
            if (i + 1 < words.Count && together.Contains((words[i], words[i + 1])))
            {
                continue;
            }

            body.Append(' ').Append(FillerRule);
        }

        return "#JSGF V1.0;\ngrammar fillers;\n"
            + $"{FillerRule} = ( {string.Join(" | ", alternatives)} );\n"
            + $"public <utterance> = {body};\n";
    }

    /// <summary>
    /// The first decode's words, all kept, plus the fillers the grammar decode found that pass its bar: lasting at least
    /// <see cref="SphinxFillerOptions.MinDuration"/>, with an acoustic score per frame of at least
    /// <see cref="SphinxFillerOptions.MinFrameScore"/>, as loud as the speech by <see cref="SphinxFillerOptions.MaxBelowSpeechDb"/>
    /// (when <paramref name="levels"/>, the stream's frame levels, are given), and not overlapping a filler the first decode heard already (the
    /// pass only adds: re-judging the first decode's fillers lost as many as it confirmed). <paramref name="frameOffset"/>
    /// moves the grammar decode's frames (counted from the audio it was given) onto the first decode's. Ordered by start frame.
    /// </summary>
    public static List<SphinxWord> Merge(IReadOnlyList<SphinxWord> first, IReadOnlyList<SphinxWord> second, int frameOffset, SphinxFillerOptions options, FrameLevels? levels = null)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var minFrames = (int)Math.Ceiling(Math.Round(options.MinDuration.TotalSeconds * SphinxWords.FramesPerSecond, 6)); // 0.1 s is 10 frames, not 10.000000000000002
        var added = new List<SphinxWord>();
        var heardFillers = first.Where(w => SphinxWords.Clean(w.Word) is { } word && IsFiller(word, options)).ToList();
        foreach (var word in second)
        {
            if (SphinxWords.Clean(word.Word) is { } text && IsFiller(text, options)
                && word.Frames >= minFrames && word.AcousticScore >= (long)options.MinFrameScore * word.Frames)
            {
                var moved = word with
                {
                    StartFrame = word.StartFrame + frameOffset,
                    EndFrame = word.EndFrame + frameOffset,
                    Confidence = FillerConfidence(word, options),
                };
                var loudEnough = levels is null || levels.BelowSpeechDb(moved.StartFrame, moved.EndFrame) <= options.MaxBelowSpeechDb;
                if (loudEnough && !heardFillers.Any(h => h.StartFrame <= moved.EndFrame && moved.StartFrame <= h.EndFrame))
                {
                    added.Add(moved);
                }
            }
        }

        return added.Count == 0 ? [.. first] : Interleave(WithoutNonWordsUnder(first, added), added);
    }

    /// <summary>
    /// The first decode's entries less the silence, noise and sentence markers a filler overlaps: they hold no word, so
    /// the filler takes their frames. Left in, a one-frame "&lt;/s&gt;" on a filler's first frame made the filler give way
    /// to it and vanish.
    /// </summary>
    private static List<SphinxWord> WithoutNonWordsUnder(IReadOnlyList<SphinxWord> first, List<SphinxWord> fillers) =>
        [.. first.Where(w => SphinxWords.Clean(w.Word) is not null || !fillers.Any(f => f.StartFrame <= w.EndFrame && w.StartFrame <= f.EndFrame))];

    /// <summary>
    /// The first decode's words with the fillers in time order, without overlaps: a first-decode word that had taken in
    /// the filler's frames (as "some" takes in the "um" before it) gives them up; where that would leave the word no
    /// frame, the filler gives way instead, and a filler left with no frame is dropped.
    /// </summary>
    private static List<SphinxWord> Interleave(IReadOnlyList<SphinxWord> first, List<SphinxWord> fillers)
    {
        var merged = first.Select(w => (Word: w, Filler: false)).Concat(fillers.Select(f => (Word: f, Filler: true)))
            .OrderBy(e => e.Word.StartFrame)
            .ThenBy(e => !e.Filler) // a word starting with the filler gives up its first frames, not the filler its frames
            .ToList();
        for (var i = 0; i < merged.Count; i++)
        {
            if (!merged[i].Filler)
            {
                continue;
            }

            var filler = merged[i].Word;
            if (i > 0 && merged[i - 1].Word is var before && before.EndFrame >= filler.StartFrame)
            {
                if (filler.StartFrame - 1 >= before.StartFrame)
                {
                    merged[i - 1] = (before with { EndFrame = filler.StartFrame - 1 }, merged[i - 1].Filler);
                }
                else
                {
                    filler = filler with { StartFrame = before.EndFrame + 1 };
                }
            }

            if (i + 1 < merged.Count && merged[i + 1].Word is var after && after.StartFrame <= filler.EndFrame)
            {
                if (filler.EndFrame + 1 <= after.EndFrame)
                {
                    merged[i + 1] = (after with { StartFrame = filler.EndFrame + 1 }, merged[i + 1].Filler);
                }
                else
                {
                    filler = filler with { EndFrame = after.StartFrame - 1 };
                }
            }

            merged[i] = (filler, true);
        }

        return [.. merged.Where(e => e.Word.EndFrame >= e.Word.StartFrame).Select(e => e.Word)];
    }

    /// <summary>
    /// A grammar search computes no posteriors (PocketSphinx reports 1 for every word), so a kept filler's confidence
    /// says how far its acoustic score per frame sits above the bar: 0.5 at <see cref="SphinxFillerOptions.MinFrameScore"/>,
    /// 1 at a perfect match.
    /// </summary>
    internal static double FillerConfidence(SphinxWord word, SphinxFillerOptions options)
    {
        var perFrame = (double)word.AcousticScore / word.Frames;
        return options.MinFrameScore >= 0 ? 1.0 : Math.Clamp(1.0 - (0.5 * perFrame / options.MinFrameScore), 0.5, 1.0);
    }

    private static bool IsFiller(string word, SphinxFillerOptions options) =>
        options.Fillers.Contains(word, StringComparer.OrdinalIgnoreCase);

    // What a JSGF token may hold without quoting: dictionary words are lower-case letters, digits, apostrophes,
    // dots, hyphens and underscores.
    [GeneratedRegex(@"^[a-z0-9'._\-]+$")]
    private static partial Regex GrammarToken();
}
