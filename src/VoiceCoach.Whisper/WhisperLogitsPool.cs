namespace VoiceCoach.Whisper;

/// <summary>Vocabulary-sized logits arrays handed back and forth between hypotheses (not thread-safe: one decoder).</summary>
internal sealed class WhisperLogitsPool(int vocabulary)
{
    private readonly Stack<float[]> _free = new();

    public float[] Rent() => _free.TryPop(out var a) ? a : new float[vocabulary];

    public void Return(float[] logits)
    {
        if (logits.Length == vocabulary)
        {
            _free.Push(logits);
        }
    }
}
