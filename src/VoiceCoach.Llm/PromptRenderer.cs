using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using HandlebarsDotNet;
using HandlebarsDotNet.Compiler;
using VoiceCoach.Core.Prompts;

namespace VoiceCoach.Llm;

/// <summary>
/// Renders a <see cref="PromptTemplateFile"/> with Handlebars.Net into chat messages
/// (&lt;message role="system|user|assistant"&gt; blocks, as Semantic Kernel does; a template with no
/// blocks is one user message). Values are data, not markup: every &lt; and &gt; in a value is encoded
/// before the blocks are split, so a transcript cannot open or close a message. A {{variable}}
/// that is not declared, or a required one that is not provided, is a <see cref="Core.Prompts.PromptFileException"/>
/// naming file, line and variable. Thread-safe; compiled templates are cached.
/// </summary>
public sealed partial class PromptRenderer
{
    private readonly IHandlebars _handlebars;
    private readonly ConcurrentDictionary<string, HandlebarsTemplate<object, object>> _compiled = new(StringComparer.Ordinal);

    public PromptRenderer()
    {
        _handlebars = Handlebars.Create(new HandlebarsConfiguration
        {
            TextEncoder = new AngleBracketEncoder(),
            ThrowOnUnresolvedBindingExpression = true,
        });
    }

    /// <summary>Renders the prompt with the values VoiceCoach provides (missing optional ones are empty, defaults apply).</summary>
    public IReadOnlyList<LlmMessage> Render(PromptTemplateFile prompt, IReadOnlyDictionary<string, object?> provided)
    {
        var context = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var v in prompt.InputVariables)
        {
            if (provided.TryGetValue(v.Name, out var value))
            {
                context[v.Name] = value ?? string.Empty;
            }
            else if (v.Default is not null)
            {
                context[v.Name] = v.Default;
            }
            else if (v.IsRequired)
            {
                throw new PromptFileException(prompt.File, v.Line, $"input_variables.{v.Name}",
                    $"is required but VoiceCoach does not provide it; give it a default, or use one of: {string.Join(", ", provided.Keys.Order(StringComparer.Ordinal))}");
            }
            else
            {
                context[v.Name] = string.Empty;
            }
        }

        var template = _compiled.GetOrAdd(prompt.Template, t => Compile(prompt, t));
        string text;
        try
        {
            text = template(context);
        }
        catch (HandlebarsUndefinedBindingException ex)
        {
            var key = ex.MissingKey ?? ex.Path ?? "?";
            throw new PromptFileException(prompt.File, prompt.LineOf(key), $"template: {{{{{key}}}}}",
                $"is not a declared input variable; declare it under input_variables or fix the name (declared: {string.Join(", ", prompt.InputVariables.Select(i => i.Name))})", ex);
        }
        catch (HandlebarsException ex)
        {
            throw new PromptFileException(prompt.File, prompt.TemplateLine, "template", $"cannot be rendered: {ex.Message}", ex);
        }

        return Split(prompt, text);
    }

    private HandlebarsTemplate<object, object> Compile(PromptTemplateFile prompt, string template)
    {
        try
        {
            return _handlebars.Compile(template);
        }
        catch (HandlebarsException ex)
        {
            throw new PromptFileException(prompt.File, prompt.TemplateLine, "template", $"is not a valid Handlebars template: {ex.Message}", ex);
        }
    }

    private static List<LlmMessage> Split(PromptTemplateFile prompt, string text)
    {
        var messages = new List<LlmMessage>();
        var last = 0;
        foreach (Match m in MessageBlock().Matches(text))
        {
            if (text[last..m.Index].Trim().Length > 0)
            {
                throw new PromptFileException(prompt.File, prompt.TemplateLine, "template", "has text outside <message role=\"…\"> blocks; put every line inside a system, user or assistant message");
            }

            messages.Add(new LlmMessage(m.Groups["role"].Value, Decode(m.Groups["body"].Value.Trim())));
            last = m.Index + m.Length;
        }

        if (messages.Count == 0)
        {
            return text.Contains("<message", StringComparison.Ordinal)
                ? throw new PromptFileException(prompt.File, prompt.LineOf("<message"), "template", "a <message> block is not closed or its role is not system, user or assistant")
                : [new LlmMessage(LlmMessage.User, Decode(text.Trim()))];
        }

        if (text[last..].Trim().Length > 0)
        {
            throw new PromptFileException(prompt.File, prompt.TemplateLine, "template", "has text after the last </message>; put every line inside a message block");
        }

        if (messages.All(m => m.Role != LlmMessage.User))
        {
            throw new PromptFileException(prompt.File, prompt.TemplateLine, "template", "needs at least one <message role=\"user\"> block");
        }

        return messages;
    }

    private static string Decode(string s) =>
        s.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);

    [GeneratedRegex("<message\\s+role\\s*=\\s*\"(?<role>system|user|assistant)\"\\s*>(?<body>.*?)</message>", RegexOptions.Singleline)]
    private static partial Regex MessageBlock();

    /// <summary>Encodes only what could forge message markup (&amp;, &lt;, &gt;); quotes and apostrophes stay readable for the model.</summary>
    private sealed class AngleBracketEncoder : ITextEncoder
    {
        public void Encode(StringBuilder? text, TextWriter target) => Encode(text?.ToString(), target);

        public void Encode(string? text, TextWriter target)
        {
            foreach (var c in text ?? string.Empty)
            {
                Write(c, target);
            }
        }

        public void Encode<T>(T? text, TextWriter target)
            where T : IEnumerator<char>
        {
            while (text is not null && text.MoveNext())
            {
                Write(text.Current, target);
            }
        }

        private static void Write(char c, TextWriter target)
        {
            switch (c)
            {
                case '&':
                    target.Write("&amp;");
                    break;
                case '<':
                    target.Write("&lt;");
                    break;
                case '>':
                    target.Write("&gt;");
                    break;
                default:
                    target.Write(c);
                    break;
            }
        }
    }
}
