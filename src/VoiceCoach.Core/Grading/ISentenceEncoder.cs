namespace VoiceCoach.Core.Grading;

/// <summary>
/// Turns sentences into unit-length vectors whose dot product is their semantic similarity (cosine).
/// The grader uses it where keywords fail: does an answer address its question, which value a story
/// shows, which sentences are Situation, Task, Action, Result. Implementation: VoiceCoach.Embeddings
/// (all-MiniLM-L6-v2 on ONNX Runtime). Implementations are safe to call from several threads at once.
/// </summary>
public interface ISentenceEncoder
{
    /// <summary>Length of every vector.</summary>
    int Dimensions { get; }

    /// <summary>Short model name for reports and logs, e.g. "all-MiniLM-L6-v2".</summary>
    string ModelName { get; }

    /// <summary>One unit-length vector per text, in order; an empty text gives the vector of an empty sentence.</summary>
    /// <exception cref="SentenceEncoderException">The model failed; the message says what to do.</exception>
    IReadOnlyList<float[]> Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken);
}

/// <summary>The sentence encoder could not load or run its model. The message names the model file or package and the fix.</summary>
public sealed class SentenceEncoderException : Exception
{
    public SentenceEncoderException(string message)
        : base(message)
    {
    }

    public SentenceEncoderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SentenceEncoderException()
    {
    }
}
