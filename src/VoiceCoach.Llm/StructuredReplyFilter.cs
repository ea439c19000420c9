using System.Globalization;
using System.Text.Json;
using Microsoft.SemanticKernel;

namespace VoiceCoach.Llm;

/// <summary>
/// Structured output, held to the prompt's schema. The execution settings already ask the server for
/// JSON matching output_variable.json_schema; many local servers ignore that, so this filter checks the
/// reply against the schema (the function's return parameter) and <paramref name="check"/>. A reply that
/// is not JSON, misses the schema or fails the check gets exactly one repair: the function runs again,
/// and, as a prompt render filter, this appends the bad reply and what is wrong with it to the rendered
/// conversation. A second bad reply, an empty one or one longer than <paramref name="maxReplyChars"/> is an
/// <see cref="LlmException"/>, and the caller falls back to the rubric. The result becomes a
/// <see cref="StructuredReply"/>. Thread-safe (the repair travels in the call's own arguments).
/// </summary>
internal sealed class StructuredReplyFilter(int maxReplyChars, Func<JsonElement, string?> check) : IFunctionInvocationFilter, IPromptRenderFilter
{
    /// <summary>Not a valid variable name, so no prompt can declare it.</summary>
    private const string RepairArgument = "voicecoach:repair";

    private const int EchoChars = 2000;

    public async Task OnFunctionInvocationAsync(FunctionInvocationContext context, Func<FunctionInvocationContext, Task> next)
    {
        if (context.Function.Metadata.ReturnParameter.Schema is not { } schema)
        {
            await next(context);
            return;
        }

        string? problem = null;
        try
        {
            for (var attempt = 1; attempt <= 2; attempt++)
            {
                await next(context);
                var message = context.Result.GetValue<ChatMessageContent>();
                var text = message?.Content ?? throw new LlmException("the model replied with no message content");
                if (text.Length > maxReplyChars)
                {
                    throw new LlmException(string.Create(CultureInfo.InvariantCulture, $"the model replied with {text.Length} characters, more than the {maxReplyChars} a grading reply needs (llm.max_reply_chars)"));
                }

                problem = Problem(text, schema.RootElement, out var json);
                if (problem is null)
                {
                    context.Result = new FunctionResult(context.Result, new StructuredReply(json, ModelOf(message), attempt));
                    return;
                }

                context.Arguments[RepairArgument] = new Repair(text.Length > EchoChars ? text[..EchoChars] + "…" : text, problem, schema.RootElement.GetRawText());
            }
        }
        finally
        {
            context.Arguments.Remove(RepairArgument);
        }

        throw new LlmException($"the model's reply did not match the prompt's JSON schema twice ({problem})");
    }

    public async Task OnPromptRenderAsync(PromptRenderContext context, Func<PromptRenderContext, Task> next)
    {
        await next(context);
        if (context.Arguments.TryGetValue(RepairArgument, out var value) && value is Repair repair)
        {
            var ask = $"That reply cannot be used: {repair.Problem}. Reply again with only one JSON object, no prose and no code fences, matching this JSON schema:\n{repair.Schema}";
            context.RenderedPrompt += $"\n<message role=\"assistant\">{HandlebarsPromptTemplate.Encode(repair.Reply)}</message>\n<message role=\"user\">{HandlebarsPromptTemplate.Encode(ask)}</message>";
        }
    }

    /// <summary>The model the server named in its reply, else the one asked for.</summary>
    private static string ModelOf(ChatMessageContent message) =>
        message.InnerContent is OpenAI.Chat.ChatCompletion { Model: { Length: > 0 } served } ? served : message.ModelId ?? "unknown";

    private string? Problem(string content, JsonElement schema, out JsonElement json)
    {
        json = default;
        try
        {
            using var doc = JsonDocument.Parse(StripFences(content));
            json = doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return $"not valid JSON ({ex.Message.Split(". ", 2)[0]})";
        }

        return JsonSchemaValidator.Validate(schema, json) ?? check(json);
    }

    /// <summary>Models often wrap JSON in ```json fences even when asked not to; that is not worth a repair.</summary>
    private static string StripFences(string s)
    {
        var t = s.Trim();
        if (t.StartsWith("```", StringComparison.Ordinal))
        {
            var firstLine = t.IndexOf('\n', StringComparison.Ordinal);
            var end = t.LastIndexOf("```", StringComparison.Ordinal);
            if (firstLine > 0 && end > firstLine)
            {
                return t[(firstLine + 1)..end].Trim();
            }
        }

        return t;
    }

    private sealed record Repair(string Reply, string Problem, string Schema);
}
