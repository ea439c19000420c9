using VoiceCoach.Llm;

namespace VoiceCoach.Tests.Llm;

/// <summary>A hand-written <see cref="ILlmChatClient"/>: replies from a script, records every request.</summary>
internal sealed class FakeChatClient(Func<int, LlmChatRequest, string> script) : ILlmChatClient
{
    public List<LlmChatRequest> Requests { get; } = [];

    public string Model => "fake-model";

    public Task<LlmChatReply> CompleteAsync(LlmChatRequest request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        var reply = script(Requests.Count, request);
        return reply.StartsWith("THROW:", StringComparison.Ordinal)
            ? throw new LlmException(reply["THROW:".Length..])
            : Task.FromResult(new LlmChatReply(reply, "fake-model", TimeSpan.FromMilliseconds(1234)));
    }

    public static string Reply(string grade, string reason = "Concrete story, measured result.") =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            worked = new[] { "You told one concrete story in the first person" },
            needs_work = new[] { "Say the result in one sentence, with its number" },
            tip = "Situation 5 s, task 5 s, action 15 s, result 10 s.",
            improved_answer = "At [company] I [action], which [result].",
            proposed_grade = grade,
            grade_reason = reason,
        });

    public static string SessionReply() =>
        System.Text.Json.JsonSerializer.Serialize(new { overview = "Your stories are concrete; the opinions are not.", top_priority = "One pocket story per value." });
}
