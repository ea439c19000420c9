namespace VoiceCoach.Core.Sessions;

/// <summary>Reviews a whole graded session (the LLM's overview). Optional: a session graded without one has no review.</summary>
public interface ISessionReviewer
{
    /// <summary>Never throws for an unavailable reviewer: returns a review with status fallback and the reason.</summary>
    Task<SessionReview> ReviewAsync(GradedSession session, CancellationToken cancellationToken);
}

/// <summary>The LLM's overview of a session.</summary>
/// <param name="Status">ok or fallback.</param>
/// <param name="Overview">A short paragraph in the coach's voice (ok only).</param>
/// <param name="TopPriority">The one thing to work on next (ok only).</param>
/// <param name="Reason">Why the reviewer was unavailable (fallback only).</param>
public sealed record SessionReview(string Status, string? Overview, string? TopPriority, string Reason)
{
    public string? Model { get; init; }

    public double LatencyMs { get; init; }
}
