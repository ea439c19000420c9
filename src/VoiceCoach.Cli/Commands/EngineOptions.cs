using System.CommandLine;
using VoiceCoach.Cli.Hosting;

namespace VoiceCoach.Cli.Commands;

/// <summary>The transcription options shared by transcribe, grade and practice.</summary>
internal sealed class EngineOptions
{
    public Option<string> Engine { get; } = new("--engine")
    {
        Description = "Speech recogniser: auto (Whisper when a ggml model is found in models/ or given with --model, else PocketSphinx), whisper or sphinx.",
        DefaultValueFactory = _ => "auto",
    };

    public Option<string?> Model { get; } = new("--model")
    {
        Description = "Whisper ggml model file (e.g. models/ggml-base.en.bin).",
    };

    public void AddTo(Command command)
    {
        Engine.AcceptOnlyFromAmong(EngineFactory.Engines.ToArray());
        command.Options.Add(Engine);
        command.Options.Add(Model);
    }

    public EngineRequest Read(ParseResult parse) => new(parse.GetValue(Engine) ?? "auto", parse.GetValue(Model));
}
