using VoiceCoach.Core.Audio;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Speech.Evaluation;

namespace VoiceCoach.Tests.Speech.Evaluation;

public sealed class TranscriptionEvaluationTests
{
    [Fact]
    public async Task ReadCasesAsync_HeaderCommentsAndBlankLines_Skipped()
    {
        using var tsv = new StringReader("file\treference\n# a comment\n\njfk/jfk.wav\tAsk not.\ngo.wav\tgo forward\n");

        var cases = await TranscriptionEvaluation.ReadCasesAsync(tsv, "t.tsv", CancellationToken.None);

        Assert.Equal([new TranscriptionCase("jfk/jfk.wav", "Ask not."), new TranscriptionCase("go.wav", "go forward")], cases);
        Assert.Equal(["jfk", "."], cases.Select(c => c.Folder));
    }

    [Fact]
    public async Task ReadCasesAsync_ThirdColumn_IsTheClipsVoiceProfile()
    {
        // Arrange
        using var tsv = new StringReader("file\treference\tvoice_profile\na.wav\tgo forward\tprofiles/festival-10\nb.wav\tgo back\t\n");

        // Act
        var cases = await TranscriptionEvaluation.ReadCasesAsync(tsv, "t.tsv", CancellationToken.None);

        // Assert
        Assert.Equal([new TranscriptionCase("a.wav", "go forward", "profiles/festival-10"), new TranscriptionCase("b.wav", "go back")], cases);
    }

    [Fact]
    public async Task ReadCasesAsync_LineWithoutTab_ThrowsNamingFileAndLine()
    {
        using var tsv = new StringReader("file\treference\njfk.wav ask not\n");

        var error = await Assert.ThrowsAsync<InvalidDataException>(
            () => TranscriptionEvaluation.ReadCasesAsync(tsv, "speech/transcripts.tsv", CancellationToken.None));

        Assert.StartsWith("speech/transcripts.tsv:2: expected 'path<TAB>reference'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TwoFolders_ReportsPerClipPerFolderAndOverall()
    {
        var dir = Directory.CreateTempSubdirectory("evaluation-");
        try
        {
            var tsv = Path.Combine(dir.FullName, "transcripts.tsv");
            await File.WriteAllTextAsync(tsv, "file\treference\na/one.wav\tten of clubs\na/two.wav\tfive five\nb/three.wav\tgo forward ten meters\n");
            var transcriber = new ScriptedTranscriber(new Dictionary<string, string>
            {
                ["one.wav"] = "ten of costs",
                ["two.wav"] = "five five",
                ["three.wav"] = "go forward meters",
            });
            var loaded = new List<string>();
            var evaluation = new TranscriptionEvaluation(transcriber, (path, _) =>
            {
                loaded.Add(path);
                return Task.FromResult(new AudioClip(new float[AudioClip.SampleRate * 2], path));
            });

            var report = await evaluation.RunAsync(tsv, CancellationToken.None);

            Assert.Equal([Path.Combine(dir.FullName, "a", "one.wav"), Path.Combine(dir.FullName, "a", "two.wav"), Path.Combine(dir.FullName, "b", "three.wav")], loaded);
            Assert.Equal("scripted", report.Engine);
            Assert.Equal(new WordErrors(9, 1, 1, 0), report.Overall);
            Assert.Equal(["a", "b"], report.ByFolder.Select(f => f.Key));
            Assert.Equal(new WordErrors(5, 1, 0, 0), report.ByFolder[0].Value);
            Assert.Equal(new WordErrors(4, 0, 1, 0), report.ByFolder[1].Value);
            Assert.Equal(TimeSpan.FromSeconds(6), report.AudioDuration);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void WriteTo_Report_FixedInvariantTable()
    {
        var clips = new[]
        {
            new ClipEvaluation(new TranscriptionCase("a/one.wav", "ten of clubs"), "ten of costs", new WordErrors(3, 1, 0, 0), TimeSpan.FromSeconds(1.1), TimeSpan.FromSeconds(0.5)),
            new ClipEvaluation(new TranscriptionCase("b/two.wav", "five five"), "five five", new WordErrors(2, 0, 0, 0), TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(0.8)),
        };
        var report = new EvaluationReport("scripted", clips);
        using var text = new StringWriter { NewLine = "\n" };

        report.WriteTo(text);

        Assert.Equal(
            """
            engine: scripted
            clip       words  sub  del  ins     WER  audio s  decode s
            a/one.wav      3    1    0    0   33.3%     1.10      0.50
              heard: ten of costs
            b/two.wav      2    0    0    0    0.0%     1.50      0.80
              heard: five five

            folder     words  sub  del  ins     WER
            a              3    1    0    0   33.3%
            b              2    0    0    0    0.0%
            overall        5    1    0    0   20.0%     2.60      1.30
            real-time factor: 0.500 (decode seconds per audio second)

            """.ReplaceLineEndings("\n"),
            text.ToString());
    }

    /// <summary>Answers from a script keyed by file name; records nothing else.</summary>
    private sealed class ScriptedTranscriber(IReadOnlyDictionary<string, string> answers) : ITranscriber
    {
        public string EngineName => "scripted";

        public Task<Transcript> TranscribeAsync(AudioClip clip, CancellationToken cancellationToken)
        {
            var text = answers[Path.GetFileName(clip.Source)];
            var words = text.Split(' ').Select((w, i) => new TimedWord(w, TimeSpan.FromSeconds(i * 0.3), TimeSpan.FromSeconds((i * 0.3) + 0.25))).ToList();
            return Task.FromResult(new Transcript(EngineName, [new TranscriptSegment(words[0].Start, words[^1].End, text, words)]));
        }
    }
}
