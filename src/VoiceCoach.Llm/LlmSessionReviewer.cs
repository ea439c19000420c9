using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Sessions;

namespace VoiceCoach.Llm;

/// <summary>
/// Writes the session overview through the coach's session-summary prompt, run as a Semantic Kernel
/// function (<see cref="GradingKernel.Session"/>): a short paragraph in the coach's voice and the one
/// priority for next time. The rubric's strengths, development areas and action items stay as they are;
/// when the LLM is unavailable the report says so. Thread-safe.
/// </summary>
public sealed class LlmSessionReviewer : ISessionReviewer
{
    /// <summary>Reply fields VoiceCoach reads.</summary>
    public static readonly string[] ReplyFields = ["overview", "top_priority"];

    private readonly GradingKernel _kernel;
    private readonly ILogger _log;

    public LlmSessionReviewer(GradingKernel kernel, ILogger<LlmSessionReviewer> log)
    {
        _kernel = kernel;
        _log = log;
    }

    public async Task<SessionReview> ReviewAsync(GradedSession session, CancellationToken cancellationToken)
    {
        var arguments = new KernelArguments(LlmPromptInputs.ForSession(session).ToDictionary());
        try
        {
            var reply = await _kernel.InvokeAsync(_kernel.Session, arguments, cancellationToken);
            _log.LogInformation("LLM wrote the overview of session {Session} in {LatencyMs} ms", session.Id, Math.Round(reply.Latency.TotalMilliseconds));
            return new SessionReview(LlmReview.Ok, reply.Json.GetProperty("overview").GetString()!.Trim(), reply.Json.GetProperty("top_priority").GetString()!.Trim(), string.Empty)
            {
                Model = reply.Model,
                LatencyMs = Math.Round(reply.Latency.TotalMilliseconds, 1),
            };
        }
        catch (LlmException ex)
        {
            _log.LogWarning(ex, "LLM reviewer unavailable for the overview of session {Session}: {Reason}", session.Id, ex.Message);
            return new SessionReview(LlmReview.Fallback, null, null, ex.Message) { Model = _kernel.Model };
        }
    }
}
