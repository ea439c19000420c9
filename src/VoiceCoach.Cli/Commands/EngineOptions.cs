using System.CommandLine;
using VoiceCoach.Cli.Hosting;
using VoiceCoach.Speech.LanguageModel;

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

    public Option<string> LanguageModel { get; } = new("--lm")
    {
        Description = "PocketSphinx's language model: domain (the general English model interpolated with one built from prompts/: the question banks, company packs and eval answers; built on first use and cached) or general (the general model alone).",
        DefaultValueFactory = _ => "domain",
    };

    public Option<double?> DomainWeight { get; } = new("--domain-weight")
    {
        Description = "PocketSphinx: the domain model's share when it is interpolated with the general one, between 0 and 1 (default 0.5).",
    };

    public Option<int?> TermContexts { get; } = new("--term-contexts")
    {
        Description = "PocketSphinx: how many fixed contexts the domain model writes each company term in (its name, values, key phrases, role terms), 0 to 12 (default 12; 0: as the packs write them).",
    };

    public Option<double?> TermBoost { get; } = new("--term-boost")
    {
        Description = "PocketSphinx: how many times as likely the domain model makes the company packs' one-word terms (value names, one-word key phrases and role terms) after every word, 1 or more (default 1: none).",
    };

    public Option<int?> LmFillers { get; } = new("--lm-fillers")
    {
        Description = "PocketSphinx: the domain model's text holds each sentence once without \"um\"/\"uh\" and once with a filler every N words; N from 0 (none) to 100 (default 6).",
    };

    public Option<string?> LmText { get; } = new("--lm-text")
    {
        Description = "PocketSphinx: what of prompts/eval and the banks the domain model's text holds, to measure with --eval: \"eval=all|typed|none,misconceptions=on|off,labels=on|off,joined=on|off\" (default: eval=all, misconceptions=on, labels=off, joined=off; typed: eval answers in recogniser style, lower case and unpunctuated, left out; joined: each typed eval answer once more as one run, across its sentence ends).",
    };

    public Option<string?> DecoderArguments { get; } = new("--decoder-args")
    {
        Description = "PocketSphinx: further decoder arguments, to measure other settings with --eval, e.g. \"-lw 8 -wip 0.5 -beam 1e-60\".",
    };

    public Option<string?> VoiceProfile { get; } = new("--voice-profile")
    {
        Description = "PocketSphinx: the speaker adaptation made by `voicecoach enroll` (a profile folder), or none; default: your profile when you have enrolled.",
    };

    public Option<string?> FillerPass { get; } = new("--filler-pass")
    {
        Description = "PocketSphinx: decode each utterance again to find the \"um\"s and \"uh\"s the language model dropped: on (default), off, or settings to measure with --eval, e.g. \"p=1e-4,min-ms=100,min-score=-27,below-db=5,reject=0.2,swap=0.5\" (reject and swap: the filler judge, README round 16).",
    };

    public Option<string?> Denoise { get; } = new("--denoise")
    {
        Description = "PocketSphinx: take stationary noise out of the audio before decoding it (spectral subtraction, live streams and saved clips alike): on (default), off, or settings to measure with --eval, e.g. \"alpha=1,floor=0.3,quiet=0.1,ahead=0.5\".",
    };

    public Option<string?> CmnReset { get; } = new("--cmn-reset")
    {
        Description = "PocketSphinx: start each clip from the model's (or voice profile's) cepstral mean, so a transcript does not depend on the clips decoded before it: on (default) or off (the running mean carries over, as before).",
    };

    public void AddTo(Command command)
    {
        DomainWeight.Validators.Add(result =>
        {
            if (result.GetValue(DomainWeight) is <= 0 or >= 1)
            {
                result.AddError("--domain-weight: give a number between 0 and 1 (exclusive), e.g. 0.7");
            }
        });
        command.Options.Add(DomainWeight);
        TermContexts.Validators.Add(result =>
        {
            if (result.GetValue(TermContexts) is { } n && (n < 0 || n > KeyTermContexts.Contexts.Count))
            {
                result.AddError("--term-contexts: give a whole number from 0 to 12, e.g. 6");
            }
        });
        command.Options.Add(TermContexts);
        TermBoost.Validators.Add(result =>
        {
            if (result.GetValue(TermBoost) is < 1 or > 1000)
            {
                result.AddError("--term-boost: give a number from 1 (none) to 1000, e.g. 3");
            }
        });
        command.Options.Add(TermBoost);
        LmFillers.Validators.Add(result =>
        {
            if (result.GetValue(LmFillers) is { } n && (n < 0 || n > CorpusFillers.MaxSpacing))
            {
                result.AddError("--lm-fillers: give a whole number from 0 (no fillers) to 100, e.g. 6");
            }
        });
        command.Options.Add(LmFillers);
        LmText.Validators.Add(result =>
        {
            try
            {
                DomainTextOptions.Parse(result.GetValue(LmText));
            }
            catch (VoiceCoach.Core.Transcription.TranscriptionException ex)
            {
                result.AddError("--lm-text: " + ex.Message);
            }
        });
        command.Options.Add(LmText);
        command.Options.Add(DecoderArguments);
        command.Options.Add(VoiceProfile);
        command.Options.Add(FillerPass);
        command.Options.Add(Denoise);
        CmnReset.AcceptOnlyFromAmong("on", "off");
        command.Options.Add(CmnReset);
        LanguageModel.AcceptOnlyFromAmong("domain", "general");
        command.Options.Add(LanguageModel);
        Engine.AcceptOnlyFromAmong(EngineFactory.Engines.ToArray());
        command.Options.Add(Engine);
        command.Options.Add(Model);
        command.Options.Add(Url);
    }

    public EngineRequest Read(ParseResult parse) => new(parse.GetValue(Engine) ?? "auto", parse.GetValue(Model), parse.GetValue(Url))
    {
        LanguageModel = parse.GetValue(LanguageModel) ?? "domain",
        Prompts = parse.GetValue(CliApp.PromptsOption),
        DomainWeight = parse.GetValue(DomainWeight),
        TermContexts = parse.GetValue(TermContexts),
        TermBoost = parse.GetValue(TermBoost),
        LmFillerSpacing = parse.GetValue(LmFillers),
        LmText = parse.GetValue(LmText),
        VoiceProfile = parse.GetValue(VoiceProfile),
        FillerPass = parse.GetValue(FillerPass) ?? "on",
        Denoise = parse.GetValue(Denoise) ?? "on",
        ResetCepstralMean = (parse.GetValue(CmnReset) ?? "on") == "on",
        DecoderArguments = (parse.GetValue(DecoderArguments) ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
    };
}
