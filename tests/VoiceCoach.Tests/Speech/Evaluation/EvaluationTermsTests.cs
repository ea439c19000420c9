using System.Globalization;
using VoiceCoach.Core.Text;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Speech.Evaluation;

namespace VoiceCoach.Tests.Speech.Evaluation;

public sealed class EvaluationTermsTests
{
    // A stand-in for the grader's filler count: "um", "uh" and "you know".
    private static readonly EvaluationTerms Terms = new(
        Phrase.List(["context not control", "netflix", "stunning colleague*"]).ToList(),
        text =>
        {
            var words = WordText.Words(text);
            var counts = new Dictionary<string, int>();
            foreach (var filler in new[] { "um", "uh", "you know" })
            {
                var n = new Phrase(filler).CountIn(words);
                if (n > 0)
                {
                    counts[filler] = n;
                }
            }

            return counts;
        });

    [Fact]
    public void Measure_PhraseMisheardAndFillerLost_CountsWhatWasKept()
    {
        // Act
        var recall = TermRecall.Measure(
            Terms,
            "Um, at Netflix it's context, not control, with stunning colleagues. Uh, you know, um.",
            "i'm at netflix it's context not can try with stunning colleagues uh you know um");

        // Assert
        Assert.Equal(3, recall.KeyPhrasesSpoken);
        Assert.Equal(2, recall.KeyPhrasesHeard);
        Assert.Equal(["context not control"], recall.Missed);
        Assert.Equal(4, recall.FillersSpoken);
        Assert.Equal(3, recall.FillersHeard);
        Assert.Equal(3, recall.FillersMatched);
        Assert.Equal(-1, recall.FillerCountError);
    }

    [Fact]
    public void Measure_PhraseHeardMoreOftenThanSaid_RecallCappedAtWhatWasSaid()
    {
        // Act
        var recall = TermRecall.Measure(Terms, "netflix", "netflix netflix");

        // Assert
        Assert.Equal((1, 1), (recall.KeyPhrasesSpoken, recall.KeyPhrasesHeard));
        Assert.Equal(["netflix"], recall.NotSaid);
    }

    [Fact]
    public void Measure_PhraseHeardButNeverSaid_CountedAsFalseAlarmNotAsRecall()
    {
        // Act
        var recall = TermRecall.Measure(Terms, "We drew the boundary on a whiteboard.", "we drew the stunning colleagues on a whiteboard");

        // Assert
        Assert.Equal((0, 0), (recall.KeyPhrasesSpoken, recall.KeyPhrasesHeard));
        Assert.Empty(recall.Missed);
        Assert.Equal(["stunning colleague*"], recall.NotSaid);
    }

    [Fact]
    public void WriteTo_ReportWithTerms_PrintsRecallsAndFillerCounts()
    {
        // Arrange
        var clips = new[]
        {
            Clip("a.wav", "um netflix um", "netflix um", new TermRecall(1, 1, 2, 1, 1, [], [])),
            Clip("b.wav", "context not control uh", "context not can try uh uh uh", new TermRecall(1, 0, 1, 3, 1, ["context not control"], [])),
            Clip("c.wav", "we shipped it", "netflix shipped it netflix", new TermRecall(0, 0, 0, 0, 0, [], ["netflix", "netflix"])),
        };

        // Act
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        new EvaluationReport("scripted", clips).WriteTo(text);

        // Assert
        var lines = text.ToString().Split(Environment.NewLine);
        Assert.Contains("key-phrase recall: 50.0% (1 of 2 company terms and values heard)", lines);
        Assert.Contains("  missed: context not control", lines);
        Assert.Contains("filler recall: 66.7% (2 of 3 fillers heard as said; 4 counted in all)", lines);
        Assert.Contains("filler count within +-1: 1 of 2 answers with fillers", lines);
        Assert.Contains("  key phrases 0/1, fillers said 1 counted 3", lines);
        Assert.Contains("key phrases heard but not said: 2 (false alarms, in 1 of 3 clips)", lines);
        Assert.Contains("  not said: netflix x2", lines);
        Assert.Contains("  key phrases 0/0, fillers said 0 counted 0, heard but not said: netflix, netflix", lines);
    }

    [Fact]
    public void Align_SubstitutionAndInsertion_OnlyMatchingWordsCorrect()
    {
        // Act
        var correct = ConfidenceCalibration.Align(["context", "not", "control"], ["context", "not", "can", "try"]);

        // Assert
        Assert.Equal([true, true, false, false], correct);
    }

    [Fact]
    public void WriteTo_ScoredWords_BinsWithShareCorrect()
    {
        // Arrange
        ScoredWord[] words = [new(0.95, true), new(0.99, true), new(0.92, false), new(0.2, false)];

        // Act
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        ConfidenceCalibration.WriteTo(text, words);

        // Assert
        Assert.Equal(
            string.Join(Environment.NewLine, [
                "word confidence   words  mean conf  correct",
                "0.0-0.3               1       0.20     0.0%",
                "0.3-0.5               0",
                "0.5-0.7               0",
                "0.7-0.9               0",
                "0.9-1.0               3       0.95    66.7%",
                string.Empty]),
            text.ToString());
    }

    private static ClipEvaluation Clip(string path, string reference, string heard, TermRecall terms) =>
        new(new TranscriptionCase(path, reference), heard, WordErrorRate.Compute(reference, heard), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), terms);
}
