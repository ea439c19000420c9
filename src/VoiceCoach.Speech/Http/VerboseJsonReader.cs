using System.Text.Json;
using VoiceCoach.Core.Transcription;

namespace VoiceCoach.Speech.Http;

/// <summary>
/// Reads the `verbose_json` transcription body of OpenAI's API and of the servers that copy it:
/// text, segments [{start, end, text}] and top-level words [{word, start, end}] (OpenAI,
/// faster-whisper servers); whisper.cpp's server puts per-token "words" inside each segment
/// (" Hel", "lo", ","), which are joined back into words at leading spaces. When a server gives no
/// word times, they are estimated within each segment (<see cref="TranscriptTiming"/>).
/// </summary>
internal static class VerboseJsonReader
{
    /// <summary>The words and segments of a response body.</summary>
    /// <param name="body">The response text.</param>
    /// <param name="clipDuration">The audio's duration, for a response without segment times.</param>
    /// <param name="engine">The engine name the transcript carries.</param>
    /// <param name="wordsEstimated">True when no word times came from the server.</param>
    /// <exception cref="FormatException">The body is not a transcription; the message says what it was.</exception>
    /// <exception cref="InvalidOperationException">The body is the server's error report; the message is the server's.</exception>
    public static Transcript Read(string body, TimeSpan clipDuration, string engine, out bool wordsEstimated)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"the response is not JSON ({ex.Message}): {Snippet(body)}", ex);
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"the response is JSON but not an object: {Snippet(body)}");
            }

            if (ErrorMessage(root) is { } error)
            {
                throw new InvalidOperationException(error);
            }

            var hasText = root.TryGetProperty("text", out var textElement) && textElement.ValueKind == JsonValueKind.String;
            var hasSegments = root.TryGetProperty("segments", out var segmentsElement) && segmentsElement.ValueKind == JsonValueKind.Array;
            if (!hasText && !hasSegments)
            {
                throw new FormatException($"the response has neither \"text\" nor \"segments\": {Snippet(body)}");
            }

            var segments = new List<RawSegment>();
            if (hasSegments)
            {
                foreach (var s in segmentsElement.EnumerateArray())
                {
                    var start = Seconds(s, "start") ?? 0;
                    var end = Math.Max(start, Seconds(s, "end") ?? start);
                    var text = s.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()!.Trim() : string.Empty;
                    var tokens = s.TryGetProperty("words", out var w) && w.ValueKind == JsonValueKind.Array ? ReadWords(w) : [];
                    segments.Add(new RawSegment(start, end, text, tokens));
                }
            }

            var topWords = root.TryGetProperty("words", out var wordsElement) && wordsElement.ValueKind == JsonValueKind.Array
                ? ReadWords(wordsElement)
                : [];
            var duration = Seconds(root, "duration") ?? clipDuration.TotalSeconds;
            if (segments.Count == 0 && topWords.Count == 0 && hasText && textElement.GetString()!.Trim() is { Length: > 0 } whole)
            {
                // Text only (response_format json, or a server without timestamps): one segment over the clip.
                segments.Add(new RawSegment(0, Math.Max(0, duration), whole, []));
            }
            var wholeText = hasText ? textElement.GetString()!.Trim() : string.Empty;
            return Build(segments, topWords, wholeText, engine, out wordsEstimated);
        }
    }

    /// <summary>The server's own error message in an OpenAI ({"error":{"message"}}), whisper.cpp ({"error":"…"}) or FastAPI ({"detail"}) body.</summary>
    public static string? ErrorMessage(JsonElement root)
    {
        if (root.TryGetProperty("error", out var error))
        {
            return error.ValueKind switch
            {
                JsonValueKind.String => error.GetString(),
                JsonValueKind.Object when error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String => m.GetString(),
                JsonValueKind.Null => null,
                _ => error.GetRawText(),
            };
        }

        return root.TryGetProperty("detail", out var detail) && !root.TryGetProperty("text", out _)
            ? detail.ValueKind == JsonValueKind.String ? detail.GetString() : detail.GetRawText()
            : null;
    }

    /// <summary>The first 120 characters of a body, on one line, for messages.</summary>
    public static string Snippet(string body)
    {
        var flat = body.ReplaceLineEndings(" ").Trim();
        return flat.Length == 0 ? "(empty)" : flat.Length <= 120 ? flat : flat[..120] + "…";
    }

    private static Transcript Build(List<RawSegment> segments, List<RawWord> topWords, string wholeText, string engine, out bool wordsEstimated)
    {
        wordsEstimated = false;
        if (topWords.Count > 0)
        {
            // OpenAI: words are listed once for the whole clip; give each to the segment it falls in.
            if (segments.Count == 0)
            {
                var text = wholeText.Length > 0 ? wholeText : string.Join(' ', topWords.Select(w => w.Text.Trim()));
                segments.Add(new RawSegment(topWords[0].Start, topWords[^1].End, text, []));
            }

            var buckets = segments.Select(_ => new List<TimedWord>()).ToList();
            foreach (var word in topWords)
            {
                var text = word.Text.Trim();
                if (text.Length == 0)
                {
                    continue;
                }

                var mid = (word.Start + word.End) / 2;
                var index = segments.FindLastIndex(s => s.Start <= mid);
                buckets[Math.Max(0, index)].Add(Timed(text, word.Start, word.End, word.Probability));
            }

            return new Transcript(engine, segments.Select((s, i) => new TranscriptSegment(
                TimeSpan.FromSeconds(s.Start), TimeSpan.FromSeconds(s.End), s.Text, buckets[i])).ToList());
        }

        var result = new List<TranscriptSegment>();
        foreach (var s in segments)
        {
            IReadOnlyList<TimedWord> words;
            if (s.Tokens.Count > 0)
            {
                words = JoinTokens(s.Tokens);
            }
            else
            {
                wordsEstimated |= s.Text.Length > 0;
                var estimated = TranscriptTiming.Estimate(s.Text, TimeSpan.FromSeconds(s.End - s.Start), engine);
                var offset = TimeSpan.FromSeconds(s.Start);
                words = estimated.Words.Select(w => w with { Start = w.Start + offset, End = w.End + offset }).ToList();
            }

            result.Add(new TranscriptSegment(TimeSpan.FromSeconds(s.Start), TimeSpan.FromSeconds(s.End), s.Text, words));
        }

        return new Transcript(engine, result);
    }

    /// <summary>Joins sub-word tokens into words: a token with a leading space starts a word, others extend it.</summary>
    private static List<TimedWord> JoinTokens(List<RawWord> tokens)
    {
        var words = new List<TimedWord>();
        string? text = null;
        double start = 0, end = 0;
        double? probability = null;
        foreach (var token in tokens)
        {
            var raw = token.Text;
            if (IsSpecial(raw.Trim()))
            {
                continue;
            }

            var startsWord = text is null || (raw.Length > 0 && char.IsWhiteSpace(raw[0]));
            if (startsWord)
            {
                Flush();
                text = raw.Trim();
                start = token.Start;
                end = token.End;
                probability = token.Probability;
            }
            else
            {
                text += raw;
                end = Math.Max(end, token.End);
                probability = (probability, token.Probability) switch
                {
                    ({ } a, { } b) => Math.Min(a, b),
                    (var a, var b) => a ?? b,
                };
            }
        }

        Flush();
        return words;

        void Flush()
        {
            if (text is { Length: > 0 })
            {
                words.Add(Timed(text, start, end, probability));
            }

            text = null;
        }
    }

    private static bool IsSpecial(string token) =>
        (token.StartsWith("[_", StringComparison.Ordinal) && token.EndsWith(']')) || (token.StartsWith("<|", StringComparison.Ordinal) && token.EndsWith("|>", StringComparison.Ordinal));

    private static TimedWord Timed(string text, double start, double end, double? probability) =>
        new(text, TimeSpan.FromSeconds(start), TimeSpan.FromSeconds(Math.Max(start, end)), probability is { } p ? Math.Clamp(p, 0, 1) : null);

    private static List<RawWord> ReadWords(JsonElement array)
    {
        var words = new List<RawWord>();
        foreach (var w in array.EnumerateArray())
        {
            if (w.ValueKind != JsonValueKind.Object || !w.TryGetProperty("word", out var text) || text.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            var start = Seconds(w, "start") ?? 0;
            words.Add(new RawWord(text.GetString()!, start, Seconds(w, "end") ?? start, Seconds(w, "probability")));
        }

        return words;
    }

    private static double? Seconds(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && double.IsFinite(d)
            ? Math.Max(0, d)
            : null;

    private sealed record RawSegment(double Start, double End, string Text, List<RawWord> Tokens);

    private sealed record RawWord(string Text, double Start, double End, double? Probability);
}
