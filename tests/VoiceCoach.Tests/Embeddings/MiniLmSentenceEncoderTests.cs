using System.Numerics.Tensors;
using VoiceCoach.Embeddings;
using VoiceCoach.Testing;

namespace VoiceCoach.Tests.Embeddings;

public class MiniLmSentenceEncoderTests
{
    [Fact]
    public void Encode_TwoParaphrases_CosineIsThePublishedFigure()
    {
        var v = TestGrading.Encoder.Encode(["The new movie is awesome", "The new movie is so great"], CancellationToken.None);

        // sentence-transformers' own example for all-MiniLM-L6-v2 gives 0.8939.
        Assert.Equal(0.894, TensorPrimitives.Dot(v[0], v[1]), 3);
    }

    [Fact]
    public void Encode_AnyText_UnitLengthVectorsOfTheModelsWidth()
    {
        var v = TestGrading.Encoder.Encode(["I rebuilt the pipeline.", string.Empty, new string('x', 500)], CancellationToken.None);

        Assert.Equal(384, TestGrading.Encoder.Dimensions);
        Assert.All(v, x => Assert.Equal(384, x.Length));
        Assert.All(v, x => Assert.Equal(1.0, TensorPrimitives.Norm(x), 4));
    }

    [Fact]
    public void Encode_SameSentenceAloneOrWithOthers_SameVector()
    {
        var alone = TestGrading.Encoder.Encode(["We shipped it in two weeks."], CancellationToken.None)[0];
        var batch = TestGrading.Encoder.Encode(["A much longer sentence that comes first and would pad a batch if there were one.", "We shipped it in two weeks."], CancellationToken.None)[1];

        Assert.Equal(alone, batch);
    }

    [Fact]
    public void Encode_RelatedBeatsUnrelated_ForInterviewSentences()
    {
        var v = TestGrading.Encoder.Encode(
            ["Walk me through the biggest production incident you handled.", "The pipeline went down at 2am and I rolled back the deploy, then fixed the root cause.", "I love hiking with my dog on weekends."],
            CancellationToken.None);

        var related = TensorPrimitives.Dot(v[0], v[1]);
        var unrelated = TensorPrimitives.Dot(v[0], v[2]);
        Assert.True(related > unrelated + 0.15, $"related {related:0.000}, unrelated {unrelated:0.000}");
    }

    [Fact]
    public void Encode_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => TestGrading.Encoder.Encode(["a sentence"], cts.Token));
    }

    [Fact]
    public void Encode_AfterDispose_Throws()
    {
        var encoder = MiniLmSentenceEncoder.Load();
        encoder.Dispose();

        Assert.Throws<ObjectDisposedException>(() => encoder.Encode(["a sentence"], CancellationToken.None));
    }
}
