using System.Globalization;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Speech.Sphinx;

namespace VoiceCoach.Tests.Speech.Sphinx;

public sealed class NoiseSuppressorTests
{
    private const int Rate = 16_000;

    /// <summary>A 1 kHz tone in 0.4 s bursts with 0.4 s gaps (speech has pauses), 3.2 s long.</summary>
    private static float[] ToneBursts()
    {
        var samples = new float[Rate * 16 / 5];
        for (var i = 0; i < samples.Length; i++)
        {
            var on = i / (Rate * 2 / 5) % 2 == 0;
            samples[i] = on ? (float)(0.3 * Math.Sin(2 * Math.PI * 1000 * i / Rate)) : 0f;
        }

        return samples;
    }

    private static float[] WhiteNoise(int count, double level)
    {
        var random = new Random(12);
        return Enumerable.Range(0, count).Select(_ => (float)(level * ((random.NextDouble() * 2) - 1))).ToArray();
    }

    private static double MaxDifference(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs(x - (double)y)).Max();

    private static double SnrDb(float[] clean, float[] heard)
    {
        double signal = 0, error = 0;
        for (var i = 0; i < clean.Length; i++)
        {
            signal += clean[i] * (double)clean[i];
            error += (heard[i] - clean[i]) * (double)(heard[i] - clean[i]);
        }

        return 10 * Math.Log10(signal / error);
    }

    // The default floor (0.3) bounds what the noise between bursts can lose to about 10 dB: 8.3 -> 12.2 dB here.
    [Fact]
    public void Apply_ToneBurstsInWhiteNoise_RaisesSnrByAtLeast3Db()
    {
        var clean = ToneBursts();
        var noise = WhiteNoise(clean.Length, 0.1);
        var noisy = clean.Zip(noise, (c, n) => c + n).ToArray();

        var denoised = NoiseSuppressor.Apply(noisy, new NoiseSuppressorOptions());

        var before = SnrDb(clean, noisy);
        var after = SnrDb(clean, denoised);
        Assert.True(after >= before + 3, string.Create(CultureInfo.InvariantCulture, $"SNR {before:F1} dB -> {after:F1} dB"));
    }

    [Fact]
    public void Apply_Silence_StaysSilence()
    {
        var denoised = NoiseSuppressor.Apply(new float[Rate], new NoiseSuppressorOptions());

        Assert.Equal(Rate, denoised.Length);
        Assert.All(denoised, sample => Assert.Equal(0f, sample));
    }

    [Fact]
    public void Apply_NoiselessBursts_NearlyUnchanged()
    {
        var clean = ToneBursts();

        var denoised = NoiseSuppressor.Apply(clean, new NoiseSuppressorOptions());

        Assert.True(SnrDb(clean, denoised) > 60, SnrDb(clean, denoised).ToString("F1", CultureInfo.InvariantCulture));
    }

    // A clean recording's faint floor is not noise to take out: subtracting it thinned a cut-off answer's last word
    // ("…at Netflix is that") until PocketSphinx heard "bad", and the cut-off went unflagged.
    [Fact]
    public void Apply_CleanRecordingWithAFaintFloor_LeavesItAsItIs()
    {
        var clean = ToneBursts();
        var recorded = clean.Zip(WhiteNoise(clean.Length, 0.0003), (c, n) => c + n).ToArray();

        var kept = NoiseSuppressor.Apply(recorded, new NoiseSuppressorOptions());
        var thinned = NoiseSuppressor.Apply(recorded, new NoiseSuppressorOptions { CleanAboveDb = 200 });

        // Left alone: only the transforms' rounding. Thinned: the floor between bursts loses up to 70 % of its amplitude.
        Assert.True(MaxDifference(recorded, kept) < 1e-6, MaxDifference(recorded, kept).ToString("G3", CultureInfo.InvariantCulture));
        Assert.True(MaxDifference(recorded, thinned) > 1e-4, MaxDifference(recorded, thinned).ToString("G3", CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Apply_ShorterThanAFrame_ReturnsTheSamples()
    {
        var samples = WhiteNoise(100, 0.5);

        Assert.Equal(samples, NoiseSuppressor.Apply(samples, new NoiseSuppressorOptions()));
    }

    // Practice cleans the live stream as it arrives and `transcribe` the saved take whole: the two must be the same samples.
    [Theory]
    [InlineData(1)]
    [InlineData(160)]
    [InlineData(4_096)]
    [InlineData(7_919)]
    public void Push_InPiecesOfAnySize_GivesWhatApplyGivesTheWholeClip(int piece)
    {
        var clean = ToneBursts();
        var noisy = clean.Zip(WhiteNoise(clean.Length, 0.1), (c, n) => c + n).ToArray();
        var whole = NoiseSuppressor.Apply(noisy, new NoiseSuppressorOptions());

        var suppressor = new NoiseSuppressor(new NoiseSuppressorOptions());
        var streamed = new List<float>();
        for (var offset = 0; offset < noisy.Length; offset += piece)
        {
            streamed.AddRange(suppressor.Push(noisy.AsSpan(offset, Math.Min(piece, noisy.Length - offset))));
        }

        streamed.AddRange(suppressor.Flush());
        Assert.Equal(whole, streamed);
    }

    [Fact]
    public void Push_AYoungStream_ReturnsSamplesTrailingByTheLookAheadAndAFrame()
    {
        var suppressor = new NoiseSuppressor(new NoiseSuppressorOptions { LookAhead = TimeSpan.FromSeconds(0.5), LookAheadFor = TimeSpan.FromSeconds(10) });
        var noise = WhiteNoise(Rate * 2, 0.1);

        var returned = suppressor.Push(noise).Length;

        // 0.5 s of look-ahead is 31 hops of 256 samples; a sample is final once both frames covering it are cleaned.
        Assert.InRange(Rate * 2 - returned, 31 * 256, (31 * 256) + 1024);
        Assert.Equal(Rate * 2, returned + suppressor.Flush().Length);
    }

    // Live feedback: once the look-ahead has ended, an answer's last words reach the decoder a frame after they were
    // said, so ending the answer leaves a frame to clean, not half a second to decode (feedback had gone past 1 s).
    [Fact]
    public void Push_PastTheLookAheadsEnd_ReturnsSamplesTrailingByAFrameOnly()
    {
        var suppressor = new NoiseSuppressor(new NoiseSuppressorOptions { LookAhead = TimeSpan.FromSeconds(0.5), LookAheadFor = TimeSpan.FromSeconds(2) });
        var noise = WhiteNoise(Rate * 4, 0.1);

        var returned = suppressor.Push(noise.AsSpan(0, Rate * 3)).Length + suppressor.Push(noise.AsSpan(Rate * 3)).Length;

        Assert.InRange(Rate * 4 - returned, 0, 1024);
        Assert.Equal(Rate * 4, returned + suppressor.Flush().Length);
    }

    // The noise estimate may hear the look-ahead, never further: audio after it cannot change what is already final.
    [Fact]
    public void Apply_AudioBeyondTheLookAhead_DoesNotChangeEarlierSamples()
    {
        var clean = ToneBursts();
        var noisy = clean.Zip(WhiteNoise(clean.Length, 0.1), (c, n) => c + n).ToArray();
        var louder = noisy.Select((s, i) => i >= Rate * 2 ? s * 4 : s).ToArray();
        var options = new NoiseSuppressorOptions { LookAhead = TimeSpan.FromSeconds(0.25) };

        var first = NoiseSuppressor.Apply(noisy, options);
        var second = NoiseSuppressor.Apply(louder, options);

        var unaffected = (Rate * 2) - (Rate / 4) - 1024;
        Assert.Equal(first.Take(unaffected), second.Take(unaffected));
        Assert.NotEqual(first.Skip(Rate * 2).Take(1000), second.Skip(Rate * 2).Take(1000));
    }

    [Fact]
    public void Push_AfterFlush_ThrowsSayingToStartANewOne()
    {
        var suppressor = new NoiseSuppressor(new NoiseSuppressorOptions());
        suppressor.Flush();

        var error = Assert.Throws<InvalidOperationException>(() => suppressor.Push(new float[10]));

        Assert.Contains("new one", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Settings_ReadsEachAndKeepsTheRest()
    {
        var options = NoiseSuppressorOptions.Parse("alpha=1.5, floor=0.2, ahead=1, ahead-for=30, clean=35");

        Assert.Equal(new NoiseSuppressorOptions { OverSubtraction = 1.5, Floor = 0.2, LookAhead = TimeSpan.FromSeconds(1), LookAheadFor = TimeSpan.FromSeconds(30), CleanAboveDb = 35 }, options);
        Assert.Null(NoiseSuppressorOptions.Parse("off"));
        Assert.Equal(new NoiseSuppressorOptions(), NoiseSuppressorOptions.Parse("on"));
    }

    [Theory]
    [InlineData("floor=0")]
    [InlineData("alpha=-1")]
    [InlineData("gain=2")]
    [InlineData("ahead=9")]
    [InlineData("ahead-for=-1")]
    [InlineData("clean=0")]
    [InlineData("loud")]
    public void Parse_BadSetting_ThrowsNamingIt(string text)
    {
        var error = Assert.Throws<TranscriptionException>(() => NoiseSuppressorOptions.Parse(text));

        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
    }
}
