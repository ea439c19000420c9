using System.Collections.Concurrent;
using VoiceCoach.Core.Grading;

namespace VoiceCoach.Grading.Semantics;

/// <summary>
/// An encoder that remembers every vector it has given, for a run that encodes the same texts many times (training one
/// classifier per held-out batch, grading a labelled set once per threshold). Does not own the inner encoder.
/// </summary>
public sealed class CachingSentenceEncoder : ISentenceEncoder
{
    private readonly ISentenceEncoder _inner;
    private readonly ConcurrentDictionary<string, float[]> _vectors = new(StringComparer.Ordinal);

    public CachingSentenceEncoder(ISentenceEncoder inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
    }

    public int Dimensions => _inner.Dimensions;

    public string ModelName => _inner.ModelName;

    /// <summary>The inner encoder's vectors; texts seen before are not encoded again.</summary>
    public IReadOnlyList<float[]> Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var missing = texts.Where(t => !_vectors.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            var vectors = _inner.Encode(missing, cancellationToken);
            for (var i = 0; i < missing.Count; i++)
            {
                _vectors.TryAdd(missing[i], vectors[i]);
            }
        }

        return texts.Select(t => _vectors[t]).ToList();
    }
}
