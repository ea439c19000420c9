namespace VoiceCoach.Whisper;

/// <summary>
/// whisper.cpp's token-level timestamps (<c>whisper_exp_compute_token_level_timestamps</c>): a token
/// takes the time of the timestamp token the decoder found most probable when sampling it, if that
/// guess is confident (pt, ptsum &gt; 0.01), later than the last one and inside the segment; gaps are
/// split in proportion to how long the tokens take to say; then token edges snap to where the signal
/// energy crosses half its local mean. Words are then made by <see cref="WhisperWords"/>. Stateless.
/// </summary>
internal static class WhisperTokenTiming
{
    private const float TholdPt = 0.01f;
    private const float TholdPtSum = 0.01f;

    /// <summary>Times in centiseconds of each token of one segment.</summary>
    /// <param name="tokens">The segment's tokens (opening timestamp, text, closing timestamp).</param>
    /// <param name="tokenizer">Gives token text (for voice length) and the special ids.</param>
    /// <param name="windowStart">Start of the window, centiseconds.</param>
    /// <param name="segmentStart">Segment start, centiseconds.</param>
    /// <param name="segmentEnd">Segment end, centiseconds.</param>
    /// <param name="lastTimestampId">The last timestamp id used in this window; updated.</param>
    /// <param name="energy">Mean |sample| around each sample of the whole clip, or empty to skip the energy step.</param>
    public static (long Start, long End)[] TokenTimes(
        IReadOnlyList<WhisperTokenData> tokens,
        WhisperTokenizer tokenizer,
        long windowStart,
        long segmentStart,
        long segmentEnd,
        ref int lastTimestampId,
        ReadOnlySpan<float> energy)
    {
        var special = tokenizer.Special;
        var n = tokens.Count;
        var t0 = new double[n];
        var t1 = new double[n];
        var vlen = new double[n];
        Array.Fill(t0, -1);
        Array.Fill(t1, -1);
        if (n == 0)
        {
            return [];
        }

        if (n == 1)
        {
            return [(segmentStart, segmentEnd)];
        }

        for (var j = 0; j < n; j++)
        {
            var token = tokens[j];
            if (j == 0)
            {
                t0[0] = segmentStart;
                if (special.IsTimestamp(token.Id))
                {
                    t1[0] = segmentStart;
                    t0[1] = segmentStart;
                    lastTimestampId = Math.Max(lastTimestampId, token.Id);
                }
            }

            var tt = windowStart + (2L * (token.TimestampId - special.TimestampBegin));
            vlen[j] = VoiceLength(tokenizer.TokenBytes(token.Id));
            if (token.TimestampProbability > TholdPt && token.TimestampProbabilitySum > TholdPtSum
                && token.TimestampId > lastTimestampId && tt <= segmentEnd)
            {
                if (j > 0)
                {
                    t1[j - 1] = tt;
                }

                t0[j] = tt;
                lastTimestampId = token.TimestampId;
            }
        }

        t1[n - 2] = segmentEnd;
        t0[n - 1] = segmentEnd;
        t1[n - 1] = segmentEnd;

        // Split runs of tokens without a known end in proportion to their voice length.
        var p0 = 0;
        var p1 = 0;
        while (true)
        {
            while (p1 < n && t1[p1] < 0)
            {
                p1++;
            }

            if (p1 >= n)
            {
                p1--;
            }

            if (p1 > p0)
            {
                double psum = 0;
                for (var j = p0; j <= p1; j++)
                {
                    psum += vlen[j];
                }

                var dt = t1[p1] - t0[p0];
                for (var j = p0 + 1; j <= p1; j++)
                {
                    var ct = psum > 0 ? t0[j - 1] + (dt * vlen[j - 1] / psum) : t0[j - 1];
                    t1[j - 1] = ct;
                    t0[j] = ct;
                }
            }

            p1++;
            p0 = p1;
            if (p1 >= n)
            {
                break;
            }
        }

        for (var j = 0; j < n - 1; j++)
        {
            if (t1[j] < 0)
            {
                t0[j + 1] = t1[j];
            }

            if (j > 0 && t1[j - 1] > t0[j])
            {
                t0[j] = t1[j - 1];
                t1[j] = Math.Max(t0[j], t1[j]);
            }
        }

        if (energy.Length > 0)
        {
            SnapToEnergy(tokens, special, t0, t1, energy);
        }

        var result = new (long, long)[n];
        for (var j = 0; j < n; j++)
        {
            var a = Math.Clamp((long)t0[j], segmentStart, segmentEnd);
            var b = Math.Clamp((long)t1[j], a, segmentEnd);
            result[j] = (a, b);
        }

        return result;
    }

    /// <summary>Whole-clip energy as whisper.cpp computes it (mean |x| over ±32 samples).</summary>
    public static float[] SignalEnergy(ReadOnlySpan<float> samples)
    {
        const int hw = 32;
        var result = new float[samples.Length];
        double sum = 0;
        for (var i = 0; i < Math.Min(hw, samples.Length); i++)
        {
            sum += Math.Abs(samples[i]);
        }

        for (var i = 0; i < samples.Length; i++)
        {
            if (i + hw < samples.Length)
            {
                sum += Math.Abs(samples[i + hw]);
            }

            if (i - hw - 1 >= 0)
            {
                sum -= Math.Abs(samples[i - hw - 1]);
            }

            result[i] = (float)(Math.Max(0, sum) / ((2 * hw) + 1));
        }

        return result;
    }

    private static double VoiceLength(ReadOnlySpan<byte> text)
    {
        double res = 0;
        foreach (var c in text)
        {
            res += c switch
            {
                (byte)' ' => 0.01,
                (byte)',' => 2.0,
                (byte)'.' or (byte)'!' or (byte)'?' => 3.0,
                >= (byte)'0' and <= (byte)'9' => 3.0,
                _ => 1.0,
            };
        }

        return res;
    }

    private static void SnapToEnergy(IReadOnlyList<WhisperTokenData> tokens, WhisperSpecialTokens special, double[] t0, double[] t1, ReadOnlySpan<float> energy)
    {
        // Uses absolute sample positions (whisper.cpp 1.8 indexes the whole-clip energy relative to the segment).
        const int hw = 16000 / 8;
        var n = tokens.Count;
        var nSamples = energy.Length;
        for (var j = 0; j < n; j++)
        {
            if (!special.IsText(tokens[j].Id))
            {
                continue;
            }

            var s0 = ToSample(t0[j], nSamples);
            var s1 = ToSample(t1[j], nSamples);
            var ss0 = Math.Max(s0 - hw, 0);
            var ss1 = Math.Min(s1 + hw, nSamples);
            if (ss1 <= ss0)
            {
                continue;
            }

            double sum = 0;
            for (var k = ss0; k < ss1; k++)
            {
                sum += energy[k];
            }

            var thold = 0.5 * sum / (ss1 - ss0);
            var k0 = s0;
            if (energy[k0] > thold && j > 0)
            {
                while (k0 > 0 && energy[k0] > thold)
                {
                    k0--;
                }

                t0[j] = Math.Max(ToCentis(k0), t1[j - 1]);
            }
            else
            {
                while (energy[k0] < thold && k0 < s1)
                {
                    k0++;
                }

                t0[j] = ToCentis(k0);
            }

            var k1 = s1;
            if (energy[k1] > thold)
            {
                while (k1 < nSamples - 1 && energy[k1] > thold)
                {
                    k1++;
                }

                t1[j] = j < n - 1 ? Math.Min(ToCentis(k1), t0[j + 1]) : ToCentis(k1);
            }
            else
            {
                while (energy[k1] < thold && k1 > k0)
                {
                    k1--;
                }

                t1[j] = ToCentis(k1);
            }

            t1[j] = Math.Max(t1[j], t0[j]);
        }
    }

    private static int ToSample(double centis, int nSamples) => Math.Clamp((int)(centis * 160), 0, nSamples - 1);

    private static long ToCentis(int sample) => sample / 160;
}
