using System.CommandLine;
using VoiceCoach.Cli.Hosting;
using VoiceCoach.Whisper;

namespace VoiceCoach.Cli.Commands;

/// <summary>`voicecoach whisper logits …`: engine diagnostics in the reference's own formats.</summary>
internal static class WhisperCommand
{
    public static Command Create(CliServices services)
    {
        var model = new Option<string>("--model") { Description = "A whisper.cpp ggml model file.", Required = true };
        var audio = new Option<string>("--audio") { Description = "An audio file (any format VoiceCoach reads).", Required = true };
        var steps = new Option<int>("--steps") { Description = "Decoder steps from [SOT], teacher-forcing the model's own argmax.", DefaultValueFactory = _ => 24 };
        var threads = new Option<int>("--threads") { Description = "Threads (0 = all cores).", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "Print JSON in exactly the format of the golden *.logits.json files." };
        var logits = new Command("logits", "Per step: the token fed, logsumexp and the top-10 [token, logit], to compare with whisper.cpp.") { model, audio, steps, threads, json };
        logits.SetAction(async (parse, ct) =>
        {
            var clip = await services.LoadAudioAsync(Path.GetFullPath(parse.GetRequiredValue(audio), services.WorkingDirectory), ct);
            using var m = WhisperModel.Load(Path.GetFullPath(parse.GetRequiredValue(model), services.WorkingDirectory));
            var dump = WhisperLogitsDump.Compute(m, clip.Samples, Math.Max(1, parse.GetValue(steps)), parse.GetValue(threads), ct);
            if (parse.GetValue(json))
            {
                dump.WriteJson(services.Out);
            }
            else
            {
                dump.WriteText(services.Out, new WhisperTokenizer(m.Vocabulary, m.HyperParameters.VocabularySize));
            }

            return ExitCodes.Success;
        });
        return new Command("whisper", "Diagnostics for the managed Whisper engine.") { logits };
    }
}
