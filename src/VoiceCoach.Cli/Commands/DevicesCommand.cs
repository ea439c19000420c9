using System.CommandLine;
using Spectre.Console;
using VoiceCoach.Audio.Devices;
using VoiceCoach.Cli.Hosting;

namespace VoiceCoach.Cli.Commands;

/// <summary>`voicecoach devices [--backend B]`: input and output devices, the default marked.</summary>
internal static class DevicesCommand
{
    public static Option<AudioBackendKind> BackendOption() => new("--backend")
    {
        Description = "Audio backend: Auto (ALSA on Linux, WASAPI then WinMM on Windows, a recorder process elsewhere), Alsa, Wasapi, WinMM or Process.",
        DefaultValueFactory = _ => AudioBackendKind.Auto,
    };

    public static Command Create(CliServices services)
    {
        var backend = BackendOption();
        var command = new Command("devices", "List audio input and output devices.") { backend };
        command.SetAction(parse =>
        {
            var b = AudioBackends.Create(parse.GetValue(backend));
            var devices = b.ListDevices();
            var table = new Table().Border(TableBorder.Rounded).Title($"{Markup.Escape(b.Name)} devices");
            table.AddColumn("default");
            table.AddColumn("name (use with --device)");
            table.AddColumn("input");
            table.AddColumn("output");
            table.AddColumn("description");
            foreach (var d in devices)
            {
                table.AddRow(d.IsDefault ? "*" : string.Empty, Markup.Escape(d.Id), d.CanCapture ? "yes" : string.Empty, d.CanPlay ? "yes" : string.Empty, Markup.Escape(d.Description));
            }

            services.Console.Write(table);
            if (devices.Count == 0)
            {
                services.Console.MarkupLine("[yellow]No audio devices found: is this a headless machine? Use `grade` or `practice --from DIR` with recorded answers.[/]");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
