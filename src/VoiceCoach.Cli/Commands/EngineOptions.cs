using System.CommandLine;
using VoiceCoach.Cli.Hosting;

namespace VoiceCoach.Cli.Commands;

/// <summary>The transcription options shared by transcribe, grade and practice.</summary>
internal sealed class EngineOptions
{
    public Option<string> Engine { get; } = new("--engine")
    {
        Description = "Speech recogniser: auto (http when --url is given, else Whisper when a ggml model is found in models/ or given with --model, else PocketSphinx), whisper (the managed engine), whisper.net (whisper.cpp through Whisper.net, same model file), sphinx or http (an OpenAI-compatible server, see --url).",
        DefaultValueFactory = _ => "auto",
    };

    public Option<string?> Model { get; } = new("--model")
    {
        Description = "Whisper ggml model file (e.g. models/ggml-base.en.bin); with --engine http, the server's model name (default whisper-1).",
    };

    public Option<string?> Url { get; } = new("--url")
    {
        Description = "The transcription server for --engine http: an OpenAI-compatible API base (http://127.0.0.1:8000/v1, https://api.openai.com/v1) or whisper.cpp's server (http://127.0.0.1:8080/inference). Key from $VOICECOACH_TRANSCRIBE_API_KEY or $OPENAI_API_KEY.",
    };

    public void AddTo(Command command)
    {
        Engine.AcceptOnlyFromAmong(EngineFactory.Engines.ToArray());
        command.Options.Add(Engine);
        command.Options.Add(Model);
        command.Options.Add(Url);
    }

    public EngineRequest Read(ParseResult parse) => new(parse.GetValue(Engine) ?? "auto", parse.GetValue(Model), parse.GetValue(Url));
}
