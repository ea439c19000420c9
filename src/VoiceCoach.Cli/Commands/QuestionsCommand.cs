using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using VoiceCoach.Cli.Hosting;
using VoiceCoach.Core.Questions;
using VoiceCoach.Core.Sessions;

namespace VoiceCoach.Cli.Commands;

/// <summary>`voicecoach questions list [--round R] [--kind K] [--company C] [--json]`.</summary>
internal static class QuestionsCommand
{
    public static Command Create(CliServices services)
    {
        var round = new Option<string?>("--round") { Description = "Only this round: " + string.Join(", ", Rounds.All) };
        round.AcceptOnlyFromAmong([.. Rounds.All]);
        var kind = new Option<string?>("--kind") { Description = "Only this kind: " + string.Join(", ", QuestionKinds.All) };
        kind.AcceptOnlyFromAmong([.. QuestionKinds.All]);
        var company = new Option<string?>("--company") { Description = "Only this company's questions (e.g. netflix)." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };

        var list = new Command("list", "List the questions in prompts/questions/*.yaml.") { round, kind, company, json };
        list.SetAction(parse =>
        {
            var library = PromptsLocator.Load(parse.GetValue(CliApp.PromptsOption), services.WorkingDirectory);
            var questions = library.Questions.All
                .Where(q => parse.GetValue(round) is not { } r || q.Round == r)
                .Where(q => parse.GetValue(kind) is not { } k || q.Kind == k)
                .Where(q => parse.GetValue(company) is not { } c || string.Equals(q.Company, c, StringComparison.OrdinalIgnoreCase))
                .ToList();
            if (parse.GetValue(json))
            {
                WriteJson(questions, library.Rubric, services.Out);
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Rounded).Expand();
            table.AddColumn("id");
            table.AddColumn("round");
            table.AddColumn("kind");
            table.AddColumn("target");
            table.AddColumn(new TableColumn("question"));
            foreach (var q in questions)
            {
                var (min, max) = q.TargetSeconds ?? library.Rubric.TargetFor(q.Kind);
                table.AddRow(
                    Markup.Escape(q.Id),
                    q.Round,
                    q.Kind,
                    string.Create(CultureInfo.InvariantCulture, $"{min:0}-{max:0} s"),
                    Markup.Escape(q.Text));
            }

            services.Console.Write(table);
            services.Console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[grey]{questions.Count} question(s) from {Markup.Escape(library.Directory)}[/]"));
            return ExitCodes.Success;
        });

        return new Command("questions", "Browse the question banks.") { list };
    }

    private static void WriteJson(IReadOnlyList<Question> questions, Core.Grading.RubricSettings rubric, TextWriter output)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartArray();
            foreach (var q in questions)
            {
                var (min, max) = q.TargetSeconds ?? rubric.TargetFor(q.Kind);
                w.WriteStartObject();
                w.WriteString("id", q.Id);
                w.WriteString("text", q.Text);
                w.WriteString("round", q.Round);
                w.WriteString("kind", q.Kind);
                w.WriteString("difficulty", q.Difficulty);
                w.WriteString("company", q.Company);
                w.WriteStartArray("target_seconds");
                w.WriteNumberValue(min);
                w.WriteNumberValue(max);
                w.WriteEndArray();
                w.WriteStringArray("tags", q.Tags);
                w.WriteStringArray("values", q.Values);
                w.WriteStringArray("follow_ups", q.FollowUps);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

}
