using System.Text.Json;

namespace VoiceCoach.Testing;

/// <summary>The body of an OpenAI chat-completions response, as a scripted server sends it.</summary>
internal static class ChatCompletionJson
{
    /// <summary>A completed chat whose one assistant message is <paramref name="content"/>, from <paramref name="model"/>.</summary>
    public static string Of(string content, string model) =>
        JsonSerializer.Serialize(new
        {
            id = "chatcmpl-test",
            @object = "chat.completion",
            created = 1_764_000_000,
            model,
            choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
            usage = new { prompt_tokens = 10, completion_tokens = 10, total_tokens = 20 },
        });
}
