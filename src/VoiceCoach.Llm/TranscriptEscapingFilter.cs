using Microsoft.SemanticKernel;

namespace VoiceCoach.Llm;

/// <summary>
/// Escapes the candidate's words before a grading prompt is rendered. The prompt marks the transcript
/// with &lt;transcript&gt; … &lt;/transcript&gt; and tells the model that what is inside is data; a candidate who
/// says (or types) "&lt;/transcript&gt;" must not be able to end that block. The template's own encoding
/// only protects the message markup, and Semantic Kernel decodes it when it reads the messages, so the
/// untrusted variables (<see cref="LlmPromptInputs.UntrustedVariables"/>) are escaped once more here:
/// the model reads &amp;lt;/transcript&amp;gt;, never the delimiter. Runs again on a repair attempt
/// without escaping twice.
/// </summary>
internal sealed class TranscriptEscapingFilter : IPromptRenderFilter
{
    public async Task OnPromptRenderAsync(PromptRenderContext context, Func<PromptRenderContext, Task> next)
    {
        foreach (var name in LlmPromptInputs.UntrustedVariables)
        {
            if (context.Arguments.TryGetValue(name, out var value) && value is string text)
            {
                context.Arguments[name] = new EscapedText(HandlebarsPromptTemplate.Encode(text));
            }
        }

        await next(context);
    }
}

/// <summary>Text that was escaped already; the template takes it as it is (and encodes it for the markup).</summary>
internal sealed record EscapedText(string Text)
{
    public override string ToString() => Text;
}
