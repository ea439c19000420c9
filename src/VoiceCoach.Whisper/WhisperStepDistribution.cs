namespace VoiceCoach.Whisper;

/// <summary>Filtered logits of one step and their normaliser.</summary>
internal sealed class WhisperStepDistribution(float[] logits, float logSumExp)
{
    private (int Id, float Max, float Sum)? _timestamps;

    public float[] Logits { get; } = logits;

    public WhisperTokenData TokenData(int id, WhisperSpecialTokens special)
    {
        var logp = Logits[id] - logSumExp;
        var p = (float)Math.Exp(logp);
        var (tid, max, sum) = _timestamps ??= TimestampStats(special.TimestampBegin);
        var pt = (float)(max / (sum + 1e-10));
        return special.IsTimestamp(id)
            ? new WhisperTokenData(id, p, logp, id, p, sum)
            : new WhisperTokenData(id, p, logp, tid, pt, sum);
    }

    private (int Id, float Max, float Sum) TimestampStats(int begin)
    {
        var id = begin;
        double max = 0;
        double sum = 0;
        for (var i = begin; i < Logits.Length; i++)
        {
            var p = Math.Exp(Logits[i] - logSumExp);
            sum += p;
            if (p > max)
            {
                max = p;
                id = i;
            }
        }

        return (id, (float)max, (float)sum);
    }
}
