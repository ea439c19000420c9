using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using VoiceCoach.Audio.Vad;
using VoiceCoach.Cli.Hosting;

namespace VoiceCoach.Cli.Commands;

/// <summary>`voicecoach vad FILE [--json] [--threshold T]`: speech segments by the Silero VAD.</summary>
internal static class VadCommand
{
    public static Option<string?> ModelOption() => new("--vad-model") { Description = "Silero VAD ggml weights (default: models/" + ModelLocator.VadModelName + ")." };

    public static Command Create(CliServices services)
    {
        var file = new Argument<string>("file") { Description = "An audio file." };
        var json = new Option<bool>("--json") { Description = "Print JSON with segments, pauses and the per-window probabilities." };
        var threshold = new Option<float>("--threshold") { Description = "Speech probability threshold.", DefaultValueFactory = _ => VadOptions.Default.Threshold };
        var model = ModelOption();
        var command = new Command("vad", "Find the speech in an audio file (Silero VAD): segments, spoken span, pauses.") { file, json, threshold, model };
        command.SetAction(async (parse, ct) =>
        {
            var path = Path.GetFullPath(parse.GetRequiredValue(file), services.WorkingDirectory);
            var clip = await services.LoadAudioAsync(path, ct);
            if (clip.Note is { } note && !parse.GetValue(json))
            {
                CliApp.NoteLine(services.Console, note);
            }

            using var vad = SileroVad.Load(ModelLocator.RequireVad(parse.GetValue(model), services.WorkingDirectory));
            var options = VadOptions.Default with { Threshold = parse.GetValue(threshold) };
            options.Validate();
            var result = vad.Detect(clip, options);
            if (parse.GetValue(json))
            {
                services.Out.WriteLine(VadJson.Format(result, includeProbabilities: true, source: parse.GetRequiredValue(file)));
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Rounded);
            table.AddColumn("#");
            table.AddColumn("start");
            table.AddColumn("end");
            table.AddColumn("length");
            var i = 1;
            foreach (var s in result.Segments)
            {
                table.AddRow(
                    (i++).ToString(CultureInfo.InvariantCulture),
                    string.Create(CultureInfo.InvariantCulture, $"{s.Start.TotalSeconds:0.00} s"),
                    string.Create(CultureInfo.InvariantCulture, $"{s.End.TotalSeconds:0.00} s"),
                    string.Create(CultureInfo.InvariantCulture, $"{s.Duration.TotalSeconds:0.00} s"));
            }

            services.Console.Write(table);
            services.Console.MarkupLine(result.HasSpeech
                ? string.Create(CultureInfo.InvariantCulture, $"Raw {result.Duration.TotalSeconds:0.0} s, spoken {result.SpokenDuration.TotalSeconds:0.0} s; {result.Pauses.Count} pause(s), longest {result.Pauses.Longest.TotalSeconds:0.0} s, {result.Pauses.LongPauseCount} over 2 s")
                : "[yellow]No speech found.[/]");
            return ExitCodes.Success;
        });
        return command;
    }
}
