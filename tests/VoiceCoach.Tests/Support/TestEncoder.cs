using VoiceCoach.Embeddings;

namespace VoiceCoach.Tests.Support;

/// <summary>The real all-MiniLM-L6-v2 encoder, loaded once for the whole test run (as the product loads it once per process).</summary>
internal static class TestEncoder
{
    private static readonly Lazy<MiniLmSentenceEncoder> LazyEncoder = new(() => MiniLmSentenceEncoder.Load());

    public static MiniLmSentenceEncoder Instance => LazyEncoder.Value;
}
