using Microsoft.Extensions.Logging;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Sessions;

namespace VoiceCoach.Llm;

/// <summary>
/// Writes the session overview through the coach's session-summary prompt: a short paragraph in the
/// coach's voice and the one priority for next time. The rubric's strengths, development areas and
/// action items stay as they are; when the LLM is unavailable the report says so. Thread-safe.
/// </summary>
public sealed class LlmSessionReviewer : ISessionReviewer
{
    /// <summary>Reply fields VoiceCoach reads.</summary>
    public static readonly string[] ReplyFields = ["overview", "top_priority"];

    private readonly PromptTemplateFile _prompt;
    private readonly ILlmChatClient _client;
    private readonly ILogger _log;
    private readonly PromptRenderer _renderer = new();

    /// <exception cref="Core.Prompts.PromptFileException">The prompt's schema does not require the fields VoiceCoach reads.</exception>
    public LlmSessionReviewer(PromptTemplateFile prompt, ILlmChatClient client, ILogger<LlmSessionReviewer> log)
    {
        prompt.RequireOutputFields(ReplyFields);
        _prompt = prompt;
        _client = client;
        _log = log;
    }

    public async Task<SessionReview> ReviewAsync(GradedSession session, CancellationToken cancellationToken)
    {
        var messages = _renderer.Render(_prompt, LlmPromptInputs.ForSession(session));
        try
        {
            var (json, reply, _) = await StructuredCompletion.CompleteAsync(_client, _prompt, messages, _ => null, cancellationToken);
            _log.LogInformation("LLM wrote the overview of session {Session} in {LatencyMs} ms", session.Id, Math.Round(reply.Latency.TotalMilliseconds));
            return new SessionReview(LlmReview.Ok, json.GetProperty("overview").GetString()!.Trim(), json.GetProperty("top_priority").GetString()!.Trim(), string.Empty)
            {
                Model = reply.Model,
                LatencyMs = Math.Round(reply.Latency.TotalMilliseconds, 1),
            };
        }
        catch (LlmException ex)
        {
            _log.LogWarning(ex, "LLM reviewer unavailable for the overview of session {Session}: {Reason}", session.Id, ex.Message);
            return new SessionReview(LlmReview.Fallback, null, null, ex.Message) { Model = _client.Model };
        }
    }
}
