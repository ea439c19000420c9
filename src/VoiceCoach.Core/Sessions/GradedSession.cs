using VoiceCoach.Core.Grading;

namespace VoiceCoach.Core.Sessions;

/// <summary>A graded practice session: what the report and session.json are written from. Immutable.</summary>
public sealed record GradedSession
{
    public required string Id { get; init; }

    public required DateTimeOffset Date { get; init; }

    /// <summary>Company pack id ("netflix").</summary>
    public required string Company { get; init; }

    public required string CompanyName { get; init; }

    /// <summary>"Recruiter Interview Practice".</summary>
    public required string SessionType { get; init; }

    /// <summary>The transcription engines used, as named in the report header.</summary>
    public required IReadOnlyList<string> Engines { get; init; }

    /// <summary>Who graded: "rubric v1" or "rubric v1 + LLM (model)".</summary>
    public required string Grader { get; init; }

    public required IReadOnlyList<GradedAnswer> Answers { get; init; }

    public required SessionSummary Summary { get; init; }

    /// <summary>The LLM's overview of the session, when an LLM reviewer was used.</summary>
    public SessionReview? Review { get; init; }

    /// <summary>Things the reader must know (an LLM that was unavailable, estimated timings, a weak engine).</summary>
    public IReadOnlyList<string> Notices { get; init; } = [];

    /// <summary>Named timings in milliseconds (e.g. feedback_latency_ms, grading_ms).</summary>
    public IReadOnlyDictionary<string, double> Timings { get; init; } = new Dictionary<string, double>();
}
