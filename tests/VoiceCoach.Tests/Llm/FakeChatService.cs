using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using VoiceCoach.Llm;
using VoiceCoach.Testing;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Llm;

/// <summary>What the grader sent: the conversation as SK parsed it and the execution settings.</summary>
internal sealed record SentChat(IReadOnlyList<ChatMessageContent> Messages, OpenAIPromptExecutionSettings Settings)
{
    /// <summary>The structured-output schema's name (answer_feedback or session_summary).</summary>
    public string? SchemaName => Settings.ResponseFormat is JsonElement f && f.TryGetProperty("json_schema", out var s) ? s.GetProperty("name").GetString() : null;

    public string User => Messages.First(m => m.Role == AuthorRole.User).Content!;
}

/// <summary>
/// A hand-written chat service: replies from a script (request number from 1, what was sent), records
/// every request, and takes 1234 ms of fake time per reply. A reply starting "THROW:" fails the call the
/// way the real service does when the server is down (an <see cref="LlmException"/>).
/// </summary>
internal sealed class FakeChatService(Func<int, SentChat, string> script) : IChatCompletionService
{
    public const string Model = "fake-model";

    public List<SentChat> Requests { get; } = [];

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 22, 19, 30, 0, TimeSpan.Zero));

    public IReadOnlyDictionary<string, object?> Attributes { get; } = new Dictionary<string, object?> { ["ModelId"] = Model };

    public Task<IReadOnlyList<ChatMessageContent>> GetChatMessageContentsAsync(ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default)
    {
        var sent = new SentChat(chatHistory.ToList(), OpenAIPromptExecutionSettings.FromExecutionSettings(executionSettings));
        Requests.Add(sent);
        var reply = script(Requests.Count, sent);
        Clock.Advance(TimeSpan.FromMilliseconds(1234));
        return reply.StartsWith("THROW:", StringComparison.Ordinal)
            ? throw new LlmException(reply["THROW:".Length..])
            : Task.FromResult<IReadOnlyList<ChatMessageContent>>([new ChatMessageContent(AuthorRole.Assistant, reply) { ModelId = Model }]);
    }

    public IAsyncEnumerable<StreamingChatMessageContent> GetStreamingChatMessageContentsAsync(ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    /// <summary>The grader on this service, with the shipped prompts and rubric; the kernel holds nothing to dispose.</summary>
    public GradingKernel Kernel() =>
        GradingKernel.Create(this, Model, GradingPrompts.Load(RepoPaths.InRepo("prompts")), TestLibrary.Library.Rubric, NullLoggerFactory.Instance, Clock);

    public static string Reply(string grade, string reason = "Concrete story, measured result.") =>
        JsonSerializer.Serialize(new
        {
            worked = new[] { "You told one concrete story in the first person" },
            needs_work = new[] { "Say the result in one sentence, with its number" },
            tip = "Situation 5 s, task 5 s, action 15 s, result 10 s.",
            improved_answer = "At [company] I [action], which [result].",
            proposed_grade = grade,
            grade_reason = reason,
        });

    public static string SessionReply() =>
        JsonSerializer.Serialize(new { overview = "Your stories are concrete; the opinions are not.", top_priority = "One pocket story per value." });
}
