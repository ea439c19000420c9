using System.Collections.Concurrent;
using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Embeddings;
using VoiceCoach.Grading;
using VoiceCoach.Grading.Semantics;

namespace VoiceCoach.Testing;

/// <summary>
/// The real all-MiniLM-L6-v2 encoder, loaded once for the whole test run (as the product loads it once per
/// process), and the graders built on it.
/// </summary>
internal static class TestGrading
{
    private static readonly Lazy<MiniLmSentenceEncoder> LazyEncoder = new(() => MiniLmSentenceEncoder.Load());
    private static readonly ConcurrentDictionary<string, SemanticModel> Models = new(StringComparer.Ordinal);

    public static MiniLmSentenceEncoder Encoder => LazyEncoder.Value;

    /// <summary>The semantic layer for a prompts library (one per folder).</summary>
    public static SemanticModel Semantic(PromptLibrary library) =>
        Models.GetOrAdd(library.Directory, _ => SemanticModel.Load(library, Encoder));

    public static RubricGrader Grader(PromptLibrary library, CompanyPack company) => new(library.Rubric, company, Semantic(library));
}
