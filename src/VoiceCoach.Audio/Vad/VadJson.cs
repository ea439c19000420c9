using System.Text;
using System.Text.Json;

namespace VoiceCoach.Audio.Vad;

/// <summary>
/// The JSON contract of <c>voicecoach vad FILE --json</c>: times in seconds (segments to the centisecond, as
/// whisper.cpp reports them), the parameters used, spoken span, pauses and, on request, the probability of every
/// 32 ms window rounded to 5 decimals. Culture-invariant; property names in snake_case like the golden files.
/// </summary>
public static class VadJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true };

    /// <summary>The result as JSON text (UTF-8 when written out, "\n" line ends).</summary>
    public static string Format(VadResult result, bool includeProbabilities, string? source = null)
    {
        using var stream = new MemoryStream();
        Write(stream, result, includeProbabilities, source);
        return Encoding.UTF8.GetString(stream.ToArray()).ReplaceLineEndings("\n");
    }

    /// <summary>Writes the result as JSON to <paramref name="stream"/> (left open).</summary>
    public static void Write(Stream stream, VadResult result, bool includeProbabilities, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(result);
        using var w = new Utf8JsonWriter(stream, WriterOptions);
        w.WriteStartObject();
        if (source is not null)
        {
            w.WriteString("source", source);
        }

        w.WriteNumber("n_samples", result.SampleCount);
        w.WriteNumber("duration_s", Seconds(result.Duration));
        w.WriteNumber("window_samples", result.WindowSamples);

        var o = result.Options;
        w.WriteStartObject("params");
        w.WriteNumber("threshold", Math.Round((double)o.Threshold, 4));
        w.WriteNumber("min_speech_duration_ms", (long)o.MinSpeechDuration.TotalMilliseconds);
        w.WriteNumber("min_silence_duration_ms", (long)o.MinSilenceDuration.TotalMilliseconds);
        if (o.MaxSpeechDuration == TimeSpan.MaxValue)
        {
            w.WriteNull("max_speech_duration_s");
        }
        else
        {
            w.WriteNumber("max_speech_duration_s", Math.Round(o.MaxSpeechDuration.TotalSeconds, 3));
        }

        w.WriteNumber("speech_pad_ms", (long)o.SpeechPad.TotalMilliseconds);
        w.WriteEndObject();

        w.WriteBoolean("has_speech", result.HasSpeech);
        WriteNullableSeconds(w, "spoken_start_s", result.SpokenStart);
        WriteNullableSeconds(w, "spoken_end_s", result.SpokenEnd);
        w.WriteNumber("spoken_duration_s", Seconds(result.SpokenDuration));

        var p = result.Pauses;
        w.WriteStartObject("pauses");
        w.WriteNumber("count", p.Count);
        w.WriteNumber("total_s", Seconds(p.Total));
        w.WriteNumber("longest_s", Seconds(p.Longest));
        w.WriteNumber("longer_than_2s", p.LongPauseCount);
        w.WriteEndObject();

        w.WriteStartArray("segments");
        foreach (var s in result.Segments)
        {
            w.WriteStartObject();
            w.WriteNumber("start", s.StartCentiseconds / 100.0);
            w.WriteNumber("end", s.EndCentiseconds / 100.0);
            w.WriteEndObject();
        }

        w.WriteEndArray();

        if (includeProbabilities)
        {
            w.WriteStartArray("probs");
            foreach (var prob in result.Probabilities)
            {
                w.WriteNumberValue(Math.Round((double)prob, 5));
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static double Seconds(TimeSpan t) => Math.Round(t.TotalSeconds, 3);

    private static void WriteNullableSeconds(Utf8JsonWriter w, string name, TimeSpan? t)
    {
        if (t is { } v)
        {
            w.WriteNumber(name, Seconds(v));
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
