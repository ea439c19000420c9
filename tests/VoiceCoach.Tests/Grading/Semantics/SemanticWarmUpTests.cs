using VoiceCoach.Core.Grading;
using VoiceCoach.Grading.Semantics;
using VoiceCoach.Testing;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading.Semantics;

/// <summary>What SemanticModel.WarmUp encodes at session start, so the first graded answer pays for none of it.</summary>
public class SemanticWarmUpTests
{
    [Fact]
    public void WarmUp_StoryQuestion_EncodesTheSameKindQuestionsOfEveryBankTheAskedForCheckReads()
    {
        var encoder = new CountingEncoder(TestGrading.Encoder);
        var shared = TestGrading.Semantic(TestLibrary.Library);
        var model = new SemanticModel(encoder, shared.Classifier, shared.Questions, shared.RedFlags);
        var story = TestLibrary.Library.Questions.Find("netflix-question-bank-disagree-pm-launch")!;
        var siblings = model.SameKind(story);

        model.WarmUp(TestLibrary.Library.Company("netflix"), [story], CancellationToken.None);
        var before = encoder.Texts;
        model.References(siblings.Select(q => q.Text).ToList(), CancellationToken.None);

        Assert.Contains(siblings, q => q.Bank != story.Bank);
        Assert.Equal(before, encoder.Texts);
    }

    private sealed class CountingEncoder(ISentenceEncoder inner) : ISentenceEncoder
    {
        public int Texts { get; private set; }

        public int Dimensions => inner.Dimensions;

        public string ModelName => inner.ModelName;

        public IReadOnlyList<float[]> Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken)
        {
            Texts += texts.Count;
            return inner.Encode(texts, cancellationToken);
        }
    }
}
