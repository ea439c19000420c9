using System.CommandLine;
using System.Globalization;
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
            var count = parse.GetValue(steps);
            if (count < 1)
            {
                // Checked before anything is loaded; the upper bound is the model's and is checked once it is open.
                throw StepsOutOfRange(count, null);
            }

            using var m = WhisperModel.Load(Path.GetFullPath(parse.GetRequiredValue(model), services.WorkingDirectory));
            if (count > m.HyperParameters.TextContext)
            {
                throw StepsOutOfRange(count, m.HyperParameters.TextContext);
            }

            var clip = await services.LoadAudioAsync(Path.GetFullPath(parse.GetRequiredValue(audio), services.WorkingDirectory), ct);
            var dump = WhisperLogitsDump.Compute(m, clip.Samples, count, parse.GetValue(threads), ct);
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

    /// <summary>The decoder holds at most n_text_ctx tokens (448 in every released Whisper model), one per step.</summary>
    private static CliUserException StepsOutOfRange(int steps, int? textContext) =>
        new(string.Create(CultureInfo.InvariantCulture,
            $"--steps {steps}: out of range; use 1 to {textContext ?? 448} ({(textContext is null ? "the model's text context, 448 for every released Whisper model" : "this model's text context")})"));
}
