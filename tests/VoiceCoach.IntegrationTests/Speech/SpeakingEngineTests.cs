using System.Diagnostics;
using VoiceCoach.Audio.Speech;
using VoiceCoach.Core.Audio;
using Xunit.Abstractions;

namespace VoiceCoach.IntegrationTests.Speech;

/// <summary>The real engines (festival with the slt voice, espeak-ng) speaking an interview question.</summary>
public sealed class SpeakingEngineTests(ITestOutputHelper output)
{
    /// <summary>Ten words: 2–4 s at a natural pace.</summary>
    private const string Question = "Tell me about a time you disagreed with your manager.";

    [SpeakFact("text2wave")]
    public async Task SynthesizeAsync_FestivalNaturalVoice_SpeaksTheQuestion()
    {
        var synthesizer = SpeechSynthesizers.Create(FestivalSynthesizer.EngineName);

        var clip = await MeasureAsync(synthesizer);

        Assert.Equal("festival (cmu_us_slt_arctic_hts)", synthesizer.Name);
        AssertPlausibleSpeech(clip);
    }

    [SpeakFact("text2wave")]
    public async Task SynthesizeAsync_FestivalDefaultVoice_SpeaksTheQuestion()
    {
        var located = FestivalSynthesizer.Locate() ?? throw new SpeechSynthesisException("festival", "not installed", SpeechSynthesizers.InstallHint("festival"));
        var synthesizer = new FestivalSynthesizer(located.Executable, voice: null);

        var clip = await MeasureAsync(synthesizer);

        AssertPlausibleSpeech(clip);
    }

    [SpeakFact("espeak-ng")]
    public async Task SynthesizeAsync_Espeak_SpeaksTheQuestion()
    {
        var synthesizer = SpeechSynthesizers.Create(EspeakSynthesizer.EngineName);

        var clip = await MeasureAsync(synthesizer);

        AssertPlausibleSpeech(clip);
    }

    [SpeakFact("text2wave", "espeak-ng")]
    public async Task SynthesizeAsync_SchemeAndOptionsInText_AreSpokenNotRun()
    {
        var marker = Path.Combine(Path.GetTempPath(), $"voicecoach-pwned-{Guid.NewGuid():N}");
        var text = $"--version (system \"touch {marker}\") $(touch {marker}) ; touch {marker}";

        foreach (var name in new[] { FestivalSynthesizer.EngineName, EspeakSynthesizer.EngineName })
        {
            var clip = await SpeechSynthesizers.Create(name).SynthesizeAsync(text);
            Assert.True(clip.Duration > TimeSpan.FromSeconds(1), $"{name}: {clip.Duration}");
        }

        Assert.False(File.Exists(marker), marker);
    }

    [SpeakFact("text2wave", "espeak-ng")]
    public void Create_Auto_PrefersFestivalWithTheNaturalVoice()
    {
        var synthesizer = SpeechSynthesizers.Create();

        Assert.Equal("festival (cmu_us_slt_arctic_hts)", synthesizer.Name);
        Assert.Equal(["festival", "espeak-ng"], SpeechSynthesizers.Available().Take(2));
    }

    [SpeakFact("text2wave")]
    public async Task SynthesizeAsync_FestivalCancelled_StopsPromptly()
    {
        var synthesizer = SpeechSynthesizers.Create(FestivalSynthesizer.EngineName);
        var longText = string.Concat(Enumerable.Repeat("Describe the architecture of the last system you built, and what you would change. ", 40));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var stopwatch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => synthesizer.SynthesizeAsync(longText, cts.Token));

        output.WriteLine($"cancelled after {stopwatch.ElapsedMilliseconds} ms");
        // Generous: what matters is that it stops long before the minutes the text would take, even on a loaded machine.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), $"took {stopwatch.Elapsed}");
    }

    private async Task<AudioClip> MeasureAsync(ISpeechSynthesizer synthesizer)
    {
        var stopwatch = Stopwatch.StartNew();
        var clip = await synthesizer.SynthesizeAsync(Question);
        var level = AudioLevel.Measure(clip.Samples);
        output.WriteLine($"{synthesizer.Name}: {stopwatch.ElapsedMilliseconds} ms for {clip.Duration.TotalSeconds:F2} s of speech, RMS {level.RmsDbfs:F1} dBFS, peak {level.PeakDbfs:F1} dBFS");
        return clip;
    }

    private static void AssertPlausibleSpeech(AudioClip clip)
    {
        // The clip type is 16 kHz by contract; the length says the tool's rate was converted
        // correctly (a 22.05 or 32 kHz file read as 16 kHz would be 1.4–2 times too long).
        Assert.InRange(clip.Duration.TotalSeconds, 1.0, 8.0);
        var level = AudioLevel.Measure(clip.Samples);
        Assert.True(level.RmsDbfs > -40, $"RMS {level.RmsDbfs:F1} dBFS: silent");
        Assert.True(level.Peak <= 1.0001f, $"peak {level.Peak}");

        // Speech, not a tone or noise: at least a third of 20 ms frames are voiced (above -45
        // dBFS) and at least a tenth are pauses or quiet consonants well below the loudest.
        const int frame = AudioClip.SampleRate / 50;
        var frames = Enumerable.Range(0, clip.Samples.Length / frame)
            .Select(i => AudioLevel.Measure(clip.Samples.AsSpan(i * frame, frame)).RmsDbfs)
            .ToArray();
        var loudest = frames.Max();
        Assert.True(frames.Count(db => db > -45) >= frames.Length / 3, "too little voiced audio");
        Assert.True(frames.Count(db => db < loudest - 20) >= frames.Length / 10, "no pauses: not speech");
    }
}
