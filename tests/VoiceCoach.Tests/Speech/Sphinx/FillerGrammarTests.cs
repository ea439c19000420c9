using VoiceCoach.Core.Transcription;
using VoiceCoach.Speech.Sphinx;

namespace VoiceCoach.Tests.Speech.Sphinx;

public sealed class FillerGrammarTests
{
    private static readonly SphinxFillerOptions Options = new();

    [Fact]
    public void Words_FirstDecode_LeavesOutFillersSilenceNoiseAndPronunciationSuffixes()
    {
        // Arrange
        SphinxWord[] heard =
        [
            new("<s>", 0, 5, 1), new("um", 6, 20, 0.4), new("for(2)", 21, 30, 0.9), new("<sil>", 31, 40, 1),
            new("[NOISE]", 41, 50, 1), new("you", 51, 60, 0.9), new("know", 61, 70, 0.9), new("++UH++", 71, 80, 0.5), new("</s>", 81, 82, 1),
        ];

        // Act
        var words = FillerGrammar.Words(heard, Options);

        // Assert
        Assert.Equal(["for", "you", "know"], words);
    }

    [Fact]
    public void Build_Words_OptionalFillerAroundEveryWordButInsideYouKnow()
    {
        // Act
        var grammar = FillerGrammar.Build(["so", "you", "know", "i", "don't"], Options);

        // Assert
        Assert.Equal(
            "#JSGF V1.0;\ngrammar fillers;\n"
            + "<filler> = ( /0.00005/ um | /0.00005/ uh | /0.9999/ <NULL> );\n"
            + "public <utterance> = <filler> so <filler> you know <filler> i <filler> don't <filler>;\n",
            grammar);
    }

    [Theory]
    [InlineData("c++")]
    [InlineData("a;b")]
    [InlineData("<sil>")]
    [InlineData("Netflix")]
    public void Build_WordJsgfCannotHold_NoGrammar(string word)
    {
        Assert.Null(FillerGrammar.Build(["i", word], Options));
    }

    [Fact]
    public void Build_NoWords_NoGrammar()
    {
        Assert.Null(FillerGrammar.Build([], Options));
    }

    [Fact]
    public void Merge_GrammarFiller_AddedAtTheFirstDecodesFrames()
    {
        // Arrange: the first decode heard "some" where a filler was too.
        SphinxWord[] first = [new("she", 100, 120, 0.9), new("was", 121, 140, 0.9), new("some", 150, 170, 0.4), new("reviewing", 171, 220, 0.8)];

        // The grammar decode started 70 frames before the first word: frame 0 there is frame 70 here.
        SphinxWord[] second =
        [
            new("<sil>", 0, 29, 1), new("she", 30, 50, 1), new("(NULL)", 50, 50, 1), new("was", 51, 70, 1),
            new("um", 71, 90, 1, AcousticScore: -300), // 20 frames at -15 a frame: kept
            new("some", 91, 100, 1), new("reviewing", 101, 150, 1),
        ];

        // Act
        var merged = FillerGrammar.Merge(first, second, 70, Options);

        // Assert
        Assert.Equal(["she", "was", "um", "some", "reviewing"], merged.Select(w => w.Word));
        var um = merged[2];
        Assert.Equal((141, 160), (um.StartFrame, um.EndFrame));
        Assert.Equal(1 - (0.5 * 15 / 27.0), um.Confidence, 6);
        Assert.Equal((161, 170), (merged[3].StartFrame, merged[3].EndFrame)); // "some" gave up the filler's frames
    }

    [Fact]
    public void Merge_FillerOverlappingItsNeighbours_WordTimesStayInOrderWithoutOverlap()
    {
        // Arrange: the filler's frames reach into both neighbours; the next word is too short to give any up.
        SphinxWord[] first = [new("i", 0, 25, 0.9), new("a", 26, 33, 0.9), new("plan", 34, 80, 0.9)];
        SphinxWord[] second = [new("i", 0, 12, 1), new("uh", 13, 35, 1, -230), new("a", 36, 38, 1), new("plan", 39, 80, 1)];

        // Act
        var merged = FillerGrammar.Merge(first, second, 0, Options);

        // Assert
        Assert.Equal(["i", "uh", "a", "plan"], merged.Select(w => w.Word));
        Assert.Equal([(0, 12), (13, 25), (26, 33), (34, 80)], merged.Select(w => (w.StartFrame, w.EndFrame)));
    }

    [Fact]
    public void Merge_FillerTheFirstDecodeHeard_KeptOnceEvenWhenTheGrammarDecodeDropsIt()
    {
        // Arrange: the first decode's "uh" (frames 11-30); the grammar decode finds an overlapping "um" and a weak "uh" later.
        SphinxWord[] first = [new("i", 0, 10, 0.9), new("uh", 11, 30, 0.6), new("take", 31, 60, 0.9), new("on", 61, 80, 0.9)];
        SphinxWord[] second = [new("i", 0, 10, 1), new("um", 12, 32, 1, -210), new("take", 33, 60, 1), new("uh", 61, 64, 1, -200), new("on", 65, 80, 1)];

        // Act
        var merged = FillerGrammar.Merge(first, second, 0, Options);

        // Assert
        Assert.Equal(first, merged);
    }

    [Theory]
    [InlineData(9, -100)] // 90 ms: shorter than 0.1 s
    [InlineData(20, -560)] // -28 a frame: under -27
    public void Merge_ShortOrPoorlyMatchedFiller_Dropped(int frames, int score)
    {
        // Arrange
        SphinxWord[] first = [new("i", 0, 10, 0.9), new("take", 11, 40, 0.9)];
        SphinxWord[] second = [new("i", 0, 10, 1), new("uh", 11, 10 + frames, 1, score), new("take", 11 + frames, 40 + frames, 1)];

        // Act
        var merged = FillerGrammar.Merge(first, second, 0, Options);

        // Assert
        Assert.Equal(["i", "take"], merged.Select(w => w.Word));
    }

    [Theory]
    [InlineData("</s>")]
    [InlineData("<sil>")]
    [InlineData("[NOISE]")]
    public void Merge_NonWordOnTheFillersFirstFrame_FillerKeptInItsPlace(string nonWord)
    {
        // Arrange: the utterance ends with a one-frame marker on the frame the grammar decode's "uh" starts at.
        SphinxWord[] first = [new("and", 10, 35, 0.9), new(nonWord, 36, 36, 1)];
        SphinxWord[] second = [new("and", 10, 35, 1), new("uh", 36, 62, 1, -700)];

        // Act
        var merged = FillerGrammar.Merge(first, second, 0, Options);

        // Assert
        Assert.Equal(["and", "uh"], merged.Select(w => w.Word));
        Assert.Equal((36, 62), (merged[1].StartFrame, merged[1].EndFrame));
    }

    [Fact]
    public void Merge_FillerAtTheBar_Kept()
    {
        // Arrange: exactly 0.1 s at exactly -27 a frame.
        SphinxWord[] second = [new("uh", 0, 9, 1, -270)];

        // Act
        var merged = FillerGrammar.Merge([new("so", 10, 30, 0.9)], second, 0, Options);

        // Assert
        Assert.Equal(["uh", "so"], merged.Select(w => w.Word));
        Assert.Equal(0.5, merged[0].Confidence, 6);
    }

    [Theory]
    [InlineData(100, false)] // 20 dB under the speech: noise the grammar fitted a filler to
    [InlineData(1_000, true)] // as loud as the speech: a spoken filler
    public void Merge_FramesLevels_FillerQuieterThanTheSpeechDropped(short fillerAmplitude, bool kept)
    {
        // Arrange: frames 0-49 speech, 50-69 the filler's audio, 70-119 speech again.
        var audio = new short[120 * 160];
        for (var i = 0; i < audio.Length; i++)
        {
            var amplitude = i / 160 is >= 50 and < 70 ? fillerAmplitude : (short)1_000;
            audio[i] = i % 2 == 0 ? amplitude : (short)-amplitude;
        }

        SphinxWord[] first = [new("i", 0, 49, 0.9), new("take", 70, 119, 0.9)];
        SphinxWord[] second = [new("i", 0, 49, 1), new("uh", 50, 69, 1, -200), new("take", 70, 119, 1)];

        // Act
        var merged = FillerGrammar.Merge(first, second, 0, Options with { MaxBelowSpeechDb = 5 }, FrameLevels.Measure(audio));

        // Assert
        Assert.Equal(kept ? ["i", "uh", "take"] : ["i", "take"], merged.Select(w => w.Word));
    }

    [Fact]
    public void Parse_OnOffAndSettings_Read()
    {
        Assert.Null(SphinxFillerOptions.Parse("off"));
        var on = SphinxFillerOptions.Parse(" On ");
        Assert.Equal((1e-4, TimeSpan.FromSeconds(0.1), -27), (on!.InsertionProbability, on.MinDuration, on.MinFrameScore));
        var tuned = SphinxFillerOptions.Parse("p=1e-3, min-ms=80,min-score=-30");
        Assert.Equal((1e-3, TimeSpan.FromMilliseconds(80), -30), (tuned!.InsertionProbability, tuned.MinDuration, tuned.MinFrameScore));
        Assert.Equal(["um", "uh"], tuned.Fillers);
        Assert.Equal(double.PositiveInfinity, on.MaxBelowSpeechDb);
        Assert.Equal(8, SphinxFillerOptions.Parse("below-db=8")!.MaxBelowSpeechDb);
        Assert.Equal((0.2, 0.2), (on.RejectBelow, on.SwapAbove));
        var judged = SphinxFillerOptions.Parse("reject=0.2,swap=0.5")!;
        Assert.Equal((0.2, 0.5), (judged.RejectBelow, judged.SwapAbove));
    }

    [Theory]
    [InlineData("maybe", "'maybe'")]
    [InlineData("p=2", "'p=2'")]
    [InlineData("min-score=5", "'min-score=5'")]
    [InlineData("below-db=-1", "'below-db=-1'")]
    [InlineData("swap=1.5", "'swap=1.5'")]
    [InlineData("reject=-0.1", "'reject=-0.1'")]
    [InlineData("min-ms=80,speed=3", "'speed=3'")]
    public void Parse_BadSetting_ErrorNamesItAndTheForm(string text, string named)
    {
        var error = Assert.Throws<TranscriptionException>(() => SphinxFillerOptions.Parse(text));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Contains("p=1e-4,min-ms=100,min-score=-27", error.Message, StringComparison.Ordinal);
    }
}
