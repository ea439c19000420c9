using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Vad;

/// <summary>
/// Turns per-window speech probabilities into speech segments exactly as whisper.cpp's
/// <c>whisper_vad_segments_from_probs</c> does (same integer sample arithmetic, same quirks), so that segments
/// match the reference to the centisecond: hysteresis between the threshold and threshold − 0.15, minimum speech
/// and silence, optional splitting of long speech, merging of segments less than 200 ms apart, padding, and
/// conversion to centiseconds rounded half up. Pure and thread-safe.
/// </summary>
public static class VadSegmenter
{
    private const int SampleRate = AudioClip.SampleRate;

    /// <summary>Segments from probabilities of consecutive <paramref name="windowSamples"/>-sample windows.</summary>
    public static IReadOnlyList<SpeechSegment> FromProbabilities(ReadOnlySpan<float> probabilities, VadOptions? options = null, int windowSamples = 512)
    {
        var o = (options ?? VadOptions.Default).Validate();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowSamples);

        var threshold = o.Threshold;
        var nProbs = probabilities.Length;
        var minSilenceSamples = SampleRate * Milliseconds(o.MinSilenceDuration) / 1000;
        var audioLengthSamples = nProbs * windowSamples;
        var minSpeechSamples = SampleRate * Milliseconds(o.MinSpeechDuration) / 1000;
        var speechPadSamples = SampleRate * Milliseconds(o.SpeechPad) / 1000;

        // whisper.cpp: FLT_MAX (anything over 100000 s) means no limit; otherwise whole seconds minus a window and
        // both paddings.
        int maxSpeechSamples;
        var maxSeconds = o.MaxSpeechDuration == TimeSpan.MaxValue ? float.MaxValue : (float)o.MaxSpeechDuration.TotalSeconds;
        if (maxSeconds > 100000.0f)
        {
            maxSpeechSamples = int.MaxValue / 2;
        }
        else
        {
            var temp = ((long)SampleRate * (long)maxSeconds) - windowSamples - (2 * speechPadSamples);
            maxSpeechSamples = temp > int.MaxValue ? int.MaxValue / 2 : (int)temp;
            if (maxSpeechSamples < 0)
            {
                maxSpeechSamples = int.MaxValue / 2;
            }
        }

        // A silence longer than 98 ms is where an over-long segment may be split (value from Silero's utils_vad.py).
        var minSilenceSamplesAtMaxSpeech = SampleRate * 98 / 1000;
        var negThreshold = o.NegativeThreshold;

        var speeches = new List<(int Start, int End)>();
        var isSpeech = false;
        var tempEnd = 0;
        var prevEnd = 0;
        var nextStart = 0;
        var currStart = 0;
        var hasCurr = false;

        // Zero doubles as "unset" for tempEnd and prevEnd, as in the reference.
        for (var i = 0; i < nProbs; i++)
        {
            var p = probabilities[i];
            var sample = windowSamples * i;

            if (p >= threshold && tempEnd != 0)
            {
                tempEnd = 0;
                if (nextStart < prevEnd)
                {
                    nextStart = sample;
                }
            }

            if (p >= threshold && !isSpeech)
            {
                isSpeech = true;
                currStart = sample;
                hasCurr = true;
                continue;
            }

            if (isSpeech && (sample - currStart) > maxSpeechSamples)
            {
                if (prevEnd != 0)
                {
                    speeches.Add((currStart, prevEnd));
                    hasCurr = true;
                    if (nextStart < prevEnd)
                    {
                        isSpeech = false;
                        hasCurr = false;
                    }
                    else
                    {
                        currStart = nextStart;
                    }

                    prevEnd = nextStart = tempEnd = 0;
                }
                else
                {
                    speeches.Add((currStart, sample));
                    prevEnd = nextStart = tempEnd = 0;
                    isSpeech = false;
                    hasCurr = false;
                    continue;
                }
            }

            if (p < negThreshold && isSpeech)
            {
                if (tempEnd == 0)
                {
                    tempEnd = sample;
                }

                if ((sample - tempEnd) > minSilenceSamplesAtMaxSpeech)
                {
                    prevEnd = tempEnd;
                }

                if ((sample - tempEnd) < minSilenceSamples)
                {
                    continue;
                }

                if ((tempEnd - currStart) > minSpeechSamples)
                {
                    speeches.Add((currStart, tempEnd));
                }

                prevEnd = nextStart = tempEnd = 0;
                isSpeech = false;
                hasCurr = false;
            }
        }

        if (hasCurr && (audioLengthSamples - currStart) > minSpeechSamples)
        {
            speeches.Add((currStart, audioLengthSamples));
        }

        // Merge segments less than 200 ms apart.
        var maxMergeGap = SampleRate * 200 / 1000;
        for (var i = 0; i < speeches.Count - 1; i++)
        {
            if (speeches[i + 1].Start - speeches[i].End < maxMergeGap)
            {
                speeches[i] = (speeches[i].Start, speeches[i + 1].End);
                speeches.RemoveAt(i + 1);
                i--;
            }
        }

        speeches.RemoveAll(s => s.End - s.Start < minSpeechSamples);

        var segments = new SpeechSegment[speeches.Count];
        for (var i = 0; i < speeches.Count; i++)
        {
            var (start, end) = speeches[i];
            if (i == 0)
            {
                start = start > speechPadSamples ? start - speechPadSamples : 0;
            }

            if (i < speeches.Count - 1)
            {
                var next = speeches[i + 1];
                var silence = next.Start - end;
                if (silence < 2 * speechPadSamples)
                {
                    end += silence / 2;
                    next.Start = next.Start > silence / 2 ? next.Start - (silence / 2) : 0;
                }
                else
                {
                    end = end + speechPadSamples < audioLengthSamples ? end + speechPadSamples : audioLengthSamples;
                    next.Start = next.Start > speechPadSamples ? next.Start - speechPadSamples : 0;
                }

                speeches[i + 1] = next;
            }
            else
            {
                end = end + speechPadSamples < audioLengthSamples ? end + speechPadSamples : audioLengthSamples;
            }

            speeches[i] = (start, end);
            segments[i] = SpeechSegment.FromCentiseconds(SamplesToCentiseconds(start), SamplesToCentiseconds(end));
        }

        return segments;
    }

    /// <summary>whisper.cpp's samples_to_cs: rounds half up.</summary>
    internal static long SamplesToCentiseconds(int samples) => (long)((samples / (double)SampleRate * 100.0) + 0.5);

    private static int Milliseconds(TimeSpan t) => (int)Math.Min(t.TotalMilliseconds, int.MaxValue / SampleRate);
}
