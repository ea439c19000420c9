using System.Text;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Speech.Sphinx;

namespace VoiceCoach.Tests.Speech.Sphinx;

public sealed class FillerJudgeTests
{
    // 3 s of silence: every span's features but its times and scores are the same, so the models below decide on those.
    private static readonly short[] Silence = new short[48_000];

    // Reject: a filler the pass added is unlikely (added weighs -10); swap: a word after a pause is likely (pbefore +100).
    private static readonly FillerClassifier Classifier = new(
        new FillerModel(["added"], [0], [1], [-10], 5),
        new FillerModel(["pbefore"], [0.1], [0.1], [100], 0),
        ["and", "of"],
        ["and"]);

    private static readonly SphinxWord[] Heard =
    [
        new("<s>", 0, 9, 1), new("she", 10, 30, 0.9), new("um", 31, 50, 0.5), new("said", 51, 70, 0.9),
        new("and", 100, 120, 0.3), new("of", 121, 140, 0.3), new("</s>", 141, 145, 1),
    ];

    [Fact]
    public void Apply_SettingsOff_ReturnsTheUtteranceUnchanged()
    {
        // Act
        var judged = FillerJudge.Apply(Heard, Heard, Silence, new FrameLevels(), new SphinxFillerOptions { RejectBelow = 0, SwapAbove = 1 }, Classifier);

        // Assert
        Assert.Same(Heard, judged);
    }

    [Fact]
    public void Apply_Swap_TurnsTheShortWordAfterAPauseIntoItsFillerAndKeepsTheOneWithout()
    {
        // Act
        var judged = FillerJudge.Apply(Heard, Heard, Silence, new FrameLevels(), new SphinxFillerOptions { RejectBelow = 0, SwapAbove = 0.5 }, Classifier);

        // Assert: "and" follows a 0.29 s pause and ends in a nasal ("um"); "of" follows it directly and stays.
        Assert.Equal(["<s>", "she", "um", "said", "um", "of", "</s>"], judged.Select(w => w.Word));
        Assert.Equal((100, 120), (judged[4].StartFrame, judged[4].EndFrame));
        Assert.True(judged[4].Confidence > 0.5);
    }

    [Fact]
    public void Apply_Reject_DropsTheFillerThePassAddedAndKeepsTheFirstDecodes()
    {
        // Arrange: the pass added an "uh" between "said" and "and"; the "um" was in the first decode.
        SphinxWord[] passed = [.. Heard[..4], new("uh", 75, 90, 0.6, -300), .. Heard[4..]];

        // Act
        var judged = FillerJudge.Apply(passed, Heard, Silence, new FrameLevels(), new SphinxFillerOptions { RejectBelow = 0.5, SwapAbove = 1 }, Classifier);

        // Assert
        Assert.Equal(Heard, judged);
    }

    [Fact]
    public void Apply_TenMinuteStreamJudgedUtteranceByUtterance_MeasuresEachFrameOnce()
    {
        // Arrange: 300 utterances of 2 s, each judged (as a stream does) on the audio from the stream's start to its end.
        const int Utterances = 300;
        const int FramesEach = 200;
        var audio = new short[Utterances * FramesEach * 160];
        for (var i = 0; i < audio.Length; i++)
        {
            audio[i] = (short)(i % 400 < 200 ? 1_000 * Math.Sin(i * 0.3) : 50 * Math.Sin(i * 0.7));
        }

        var levels = new FrameLevels();
        var options = new SphinxFillerOptions { RejectBelow = 0.5, SwapAbove = 0.5 };

        // Act
        for (var u = 0; u < Utterances; u++)
        {
            var f = u * FramesEach;
            SphinxWord[] heard = [new("she", f + 10, f + 30, 0.9), new("um", f + 31, f + 50, 0.5), new("and", f + 80, f + 100, 0.3)];
            FillerJudge.Apply(heard, heard, audio.AsSpan(0, Math.Min(audio.Length, (f + FramesEach) * 160)), levels, options, Classifier);
        }

        // Assert: each frame up to the last utterance's end (its last word and 0.3 s after) measured once; measuring each
        // utterance's audio from the stream's start, as the judge did before, measured 9,009,300.
        Assert.Equal(((Utterances - 1) * FramesEach) + 131, levels.FramesMeasured);
    }

    [Fact]
    public void Measure_WordAfterAPause_PausesLengthAndFirstAsSeconds()
    {
        // Arrange
        SphinxWord[] words = [new("she", 10, 30, 0.9, -20_480), new("and", 41, 60, 0.3, -40_960)];
        var features = new FillerFeatures(Silence);

        // Act
        var first = FillerJudge.Measure(words, 0, added: false, features);
        var second = FillerJudge.Measure(words, 1, added: false, features);

        // Assert: the first decode's scores are on a scale 1,024 times the grammar's; a first word has no word before it.
        Assert.Equal((1.0, 0.5, 0.1), (first["first"], first["pbefore"], first["pafter"]));
        Assert.Equal((0.0, 0.1, 0.5), (second["first"], second["pbefore"], second["pafter"]));
        Assert.Equal(Math.Log(0.2), second["logdur"], 9);
        Assert.Equal(-2.0, second["ascr"], 9);
        Assert.Equal(FillerJudge.FeatureNames.Order(), first.Keys.Order());
    }

    [Fact]
    public void SpectralChange_SteadyToneAgainstAlternatingTones_SteadyIsLower()
    {
        // Arrange: 0.5 s of one 200 Hz vowel-like tone, and 0.5 s switching between 300 Hz and 2 kHz every 30 ms.
        var steady = new short[8_000];
        var moving = new short[8_000];
        for (var i = 0; i < steady.Length; i++)
        {
            steady[i] = (short)(8_000 * Math.Sin(2 * Math.PI * 200 * i / 16_000));
            var hz = i / 480 % 2 == 0 ? 300 : 2_000;
            moving[i] = (short)(8_000 * Math.Sin(2 * Math.PI * hz * i / 16_000));
        }

        // Act
        var steadyChange = new FillerFeatures(steady).SpectralChange(5, 40);
        var movingChange = new FillerFeatures(moving).SpectralChange(5, 40);

        // Assert
        Assert.True(steadyChange * 3 < movingChange, $"steady {steadyChange}, moving {movingChange}");
    }

    [Fact]
    public void Default_EmbeddedFile_LoadsWithBothModels()
    {
        // Act
        var classifier = FillerClassifier.Default;

        // Assert
        Assert.Contains("post", classifier.Swap.Features);
        Assert.Contains("added", classifier.Reject.Features);
        Assert.Equal("um", classifier.FillerFor("and"));
        Assert.Equal("uh", classifier.FillerFor("the"));
    }

    [Fact]
    public void Read_UnknownFeature_ErrorNamesItAndTheFile()
    {
        // Arrange
        const string Json = """
            {"reject": {"features": ["pitch"], "means": [0], "scales": [1], "weights": [1], "bias": 0},
             "swap": {"features": ["post"], "means": [0], "scales": [1], "weights": [1], "bias": 0},
             "swapWords": ["and"], "umWords": ["and"]}
            """;
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Json));

        // Act
        var error = Assert.Throws<TranscriptionException>(() => FillerClassifier.Read(stream, "judge.json"));

        // Assert
        Assert.Contains("judge.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"pitch\"", error.Message, StringComparison.Ordinal);
    }
}
