using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json.Nodes;

namespace VoiceCoach.Llm;

/// <summary>
/// The OpenAI package sends the reply cap as max_completion_tokens, which OpenAI wants but Ollama,
/// LM Studio and llama.cpp's server ignore (they read max_tokens). For any server that is not
/// OpenAI's own, this policy renames the field so the prompt's max_tokens setting is honoured.
/// </summary>
internal sealed class MaxTokensPolicy : PipelinePolicy
{
    public static bool AppliesTo(Uri endpoint) =>
        !endpoint.Host.EndsWith("openai.com", StringComparison.OrdinalIgnoreCase) && !endpoint.Host.EndsWith("openai.azure.com", StringComparison.OrdinalIgnoreCase);

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Rewrite(message);
        ProcessNext(message, pipeline, currentIndex);
    }

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Rewrite(message);
        await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
    }

    private static void Rewrite(PipelineMessage message)
    {
        if (message.Request.Content is not { } content)
        {
            return;
        }

        using var buffer = new MemoryStream();
        content.WriteTo(buffer);
        if (JsonNode.Parse(buffer.ToArray()) is not JsonObject body || !body.Remove("max_completion_tokens", out var max))
        {
            return;
        }

        body["max_tokens"] = max;
        message.Request.Content = BinaryContent.Create(BinaryData.FromString(body.ToJsonString()));
    }
}
