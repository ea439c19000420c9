using VoiceCoach.Whisper.Inference;

namespace VoiceCoach.Tests.Whisper.Inference;

/// <summary>
/// The encoder's blocked self-attention against a plain double-precision softmax(QKᵀ/√d)·V.
/// Several heads share the rows of Q, so a kernel that scaled Q inside its per-(head, block)
/// tasks, or let a task read Q while another still scaled it, would fail here.
/// </summary>
public sealed unsafe class AttentionTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void SelfAttention_SeveralHeadsAndPartialBlock_MatchesNaiveAttention(int threads)
    {
        // Arrange: 150 positions (two full 64-row blocks and a partial one), 3 heads of 32.
        const int n = 150, heads = 3, width = 96, d = width / heads;
        var random = new Random(42);
        float[] Random() => [.. Enumerable.Range(0, n * width).Select(_ => (float)((random.NextDouble() * 4) - 2))];
        var q = Random();
        var k = Random();
        var v = Random();
        var expected = Naive(q, k, v, n, width, heads);
        var output = new float[n * width];
        var packed = new float[Attention.PackedSize(n, width, heads)];

        // Act
        fixed (float* pq = q, pk = k, pv = v, po = output, pp = packed)
        {
            Attention.PackKeys(pk, n, width, heads, pp, threads, CancellationToken.None);
            Attention.PackValues(pv, n, width, heads, pp, threads, CancellationToken.None);
            Attention.SelfAttention(pq, po, n, width, heads, pp, threads, CancellationToken.None);
        }

        // Assert
        var worst = 0.0;
        for (var i = 0; i < output.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(output[i] - expected[i]));
        }

        Assert.True(worst < 1e-4, $"max |Δ| {worst} against naive attention (d = {d})");
    }

    private static double[] Naive(float[] q, float[] k, float[] v, int n, int width, int heads)
    {
        var d = width / heads;
        var output = new double[n * width];
        var scores = new double[n];
        for (var h = 0; h < heads; h++)
        {
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    double dot = 0;
                    for (var c = 0; c < d; c++)
                    {
                        dot += (double)q[(i * width) + (h * d) + c] * k[(j * width) + (h * d) + c];
                    }

                    scores[j] = dot / Math.Sqrt(d);
                }

                var max = scores.Max();
                var sum = 0.0;
                for (var j = 0; j < n; j++)
                {
                    scores[j] = Math.Exp(scores[j] - max);
                    sum += scores[j];
                }

                for (var j = 0; j < n; j++)
                {
                    for (var c = 0; c < d; c++)
                    {
                        output[(i * width) + (h * d) + c] += scores[j] / sum * v[(j * width) + (h * d) + c];
                    }
                }
            }
        }

        return output;
    }
}
