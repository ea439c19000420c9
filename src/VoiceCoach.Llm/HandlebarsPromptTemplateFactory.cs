using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Xml;
using HandlebarsDotNet;
using HandlebarsDotNet.Compiler;
using Microsoft.SemanticKernel;

namespace VoiceCoach.Llm;

/// <summary>
/// Semantic Kernel's extension point for template formats, for template_format: handlebars, over
/// Handlebars.Net (SK's own Handlebars package is not served here). Compiles once per prompt; the
/// templates are thread-safe.
/// </summary>
public sealed class HandlebarsPromptTemplateFactory : IPromptTemplateFactory
{
    /// <summary>The template_format this factory renders.</summary>
    public const string Format = "handlebars";

    /// <exception cref="PromptTemplateException">The template is not valid Handlebars.</exception>
    public bool TryCreate(PromptTemplateConfig templateConfig, [NotNullWhen(true)] out IPromptTemplate? result)
    {
        ArgumentNullException.ThrowIfNull(templateConfig);
        result = string.Equals(templateConfig.TemplateFormat, Format, StringComparison.OrdinalIgnoreCase) ? new HandlebarsPromptTemplate(templateConfig) : null;
        return result is not null;
    }
}

/// <summary>
/// One compiled Handlebars prompt. Only declared input variables reach the template: an undeclared
/// {{name}} is an error, and so is a required variable that nobody provides and that has no default.
/// Values are data, never markup: every &amp;, &lt; and &gt; in a value is encoded before it is put into
/// the template (so even {{{triple}}} cannot open or close a &lt;message&gt;), and Semantic Kernel decodes
/// them once when it reads the chat messages. A template without &lt;message role="…"&gt; blocks becomes
/// one user message. The rendered prompt is checked the way SK will read it, so nothing a coach writes
/// outside a message block is dropped without a word.
/// </summary>
internal sealed class HandlebarsPromptTemplate : IPromptTemplate
{
    private static readonly HashSet<string> Roles = new(StringComparer.Ordinal) { "system", "user", "assistant" };

    private readonly PromptTemplateConfig _config;
    private readonly HandlebarsTemplate<object, object> _template;
    private readonly bool _hasMessages;

    public HandlebarsPromptTemplate(PromptTemplateConfig config)
    {
        _config = config;
        _hasMessages = config.Template.Contains("<message", StringComparison.Ordinal);
        var handlebars = Handlebars.Create(new HandlebarsConfiguration { NoEscape = true, ThrowOnUnresolvedBindingExpression = true });
        try
        {
            _template = handlebars.Compile(config.Template);
        }
        catch (HandlebarsException ex)
        {
            throw new PromptTemplateException("template", string.Empty, $"is not a valid Handlebars template: {ex.Message}", ex);
        }
    }

    public Task<string> RenderAsync(Kernel kernel, KernelArguments? arguments = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var context = Context(arguments ?? []);
        string text;
        try
        {
            text = _template(context);
        }
        catch (HandlebarsUndefinedBindingException ex)
        {
            var key = ex.MissingKey ?? ex.Path ?? "?";
            throw new PromptTemplateException($"template: {{{{{key}}}}}", key,
                $"is not a declared input variable; declare it under input_variables or fix the name (declared: {string.Join(", ", _config.InputVariables.Select(i => i.Name))})", ex);
        }
        catch (HandlebarsException ex)
        {
            throw new PromptTemplateException("template", string.Empty, $"cannot be rendered: {ex.Message}", ex);
        }

        return Task.FromResult(_hasMessages ? CheckMessages(text) : $"<message role=\"user\">{Encode(text.Trim())}</message>");
    }

    /// <summary>Encodes what XML would read as markup; quotes and apostrophes stay readable for the model.</summary>
    internal static string Encode(string s) =>
        s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private Dictionary<string, object> Context(KernelArguments arguments)
    {
        var context = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var v in _config.InputVariables)
        {
            if (arguments.TryGetValue(v.Name, out var value) && value is not null)
            {
                context[v.Name] = Value(value);
            }
            else if (v.Default is not null)
            {
                context[v.Name] = Value(v.Default);
            }
            else if (v.IsRequired)
            {
                throw new PromptTemplateException($"input_variables.{v.Name}", v.Name,
                    $"is required but VoiceCoach does not provide it; give it a default, or use one of: {string.Join(", ", arguments.Names.Order(StringComparer.Ordinal))}");
            }
            else
            {
                context[v.Name] = string.Empty;
            }
        }

        return context;
    }

    /// <summary>A value as the template sees it: text encoded when it goes into message markup, lists item by item.</summary>
    private object Value(object value) => value switch
    {
        string s => Text(s),
        IEnumerable list => list.Cast<object?>().Select(item => Text(item is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : item?.ToString() ?? string.Empty)).ToList(),
        IFormattable f => Text(f.ToString(null, CultureInfo.InvariantCulture)),
        _ => Text(value.ToString() ?? string.Empty),
    };

    private string Text(string s) => _hasMessages ? Encode(s) : s;

    /// <summary>Reads the rendered prompt as SK's chat prompt parser will, and refuses what it would drop or misread.</summary>
    private static string CheckMessages(string text)
    {
        var settings = new XmlReaderSettings { ConformanceLevel = ConformanceLevel.Fragment, DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        var users = 0;
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), settings);
            reader.MoveToContent();
            while (!reader.EOF)
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element when reader.Name == "message":
                        var role = reader.GetAttribute("role") ?? string.Empty;
                        if (!Roles.Contains(role))
                        {
                            throw new PromptTemplateException("template", $"role=\"{role}\"", $"a <message> block has role \"{role}\"; use system, user or assistant");
                        }

                        users += role == "user" ? 1 : 0;
                        reader.Skip();
                        break;
                    case XmlNodeType.Element:
                        throw new PromptTemplateException("template", $"<{reader.Name}", $"<{reader.Name}> is outside the <message role=\"…\"> blocks; put every line inside a system, user or assistant message");
                    case XmlNodeType.Text or XmlNodeType.CDATA:
                        var stray = reader.Value.Trim();
                        throw new PromptTemplateException("template", FirstLine(stray), $"has text outside <message role=\"…\"> blocks (\"{Short(stray)}\"); put every line inside a system, user or assistant message");
                    default:
                        reader.Read();
                        break;
                }
            }
        }
        catch (XmlException ex)
        {
            var line = text.Split('\n').ElementAtOrDefault(ex.LineNumber - 1)?.Trim() ?? string.Empty;
            throw new PromptTemplateException("template", line,
                $"is not well-formed message markup ({ex.Message.TrimEnd('.')}); close every <message> block and write a literal & < > in the template as &amp; &lt; &gt;", ex);
        }

        return users > 0 ? text : throw new PromptTemplateException("template", string.Empty, "needs at least one <message role=\"user\"> block");
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();

    private static string Short(string s)
    {
        var first = FirstLine(s);
        return first.Length > 40 ? first[..40] + "…" : first;
    }
}
