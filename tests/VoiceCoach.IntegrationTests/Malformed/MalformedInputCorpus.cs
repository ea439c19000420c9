using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using VoiceCoach.Grading.Reports;
using VoiceCoach.IntegrationTests.Llm;
using VoiceCoach.Testing;

namespace VoiceCoach.IntegrationTests.Malformed;

/// <summary>What the product does with a case's input.</summary>
internal enum CorpusOutcome
{
    /// <summary>Exit 1, one line naming the input and what to do, nothing on disk changed.</summary>
    Refused,

    /// <summary>Exit 0: the product goes on (an LLM fault falls back to the rubric, a lying WAV header is read whole) and says so.</summary>
    Handled,
}

/// <summary>One malformed input or fault, the command that meets it, and what the one line (or the outcome) must say.</summary>
/// <param name="Name">area/what, unique.</param>
/// <param name="Arrange">Writes the input into the case folder and returns the command line.</param>
/// <param name="Expect">Texts the line must contain (Refused), or the console/report must contain (Handled): the input's name and the fix.</param>
/// <param name="Outcome">Refused or Handled.</param>
/// <param name="Llm">The loopback LLM server's script (request number, body, context), for LLM replies and faults.</param>
/// <param name="Output">The folder a Handled case writes (left out of the nothing-changed check).</param>
internal sealed record CorpusCase(
    string Name,
    Func<CorpusFolder, Task<string[]>> Arrange,
    string[] Expect,
    CorpusOutcome Outcome = CorpusOutcome.Refused,
    Func<int, JsonElement, HttpContext, Task>? Llm = null,
    string? Output = null)
{
    public override string ToString() => Name;
}

/// <summary>
/// The malformed-input corpus: one row per case, across audio, manifests, YAML prompt files, models, saved sessions,
/// LLM replies and faults. Every case goes through the real command tree, so it holds whatever the code behind it
/// becomes. Add a case by adding a row.
/// </summary>
internal static class MalformedInputCorpus
{
    private const string Prompts = "--prompts";

    private static readonly string LlmConfig = "llm:\n  attempt_timeout_s: 5\n  total_timeout_s: 10\n  retries: 1\n  retry_base_delay_s: 0.01\n  break_after_failures: 2\n";

    public static IReadOnlyList<CorpusCase> All { get; } =
    [
        .. Audio(),
        .. Manifests(),
        .. PromptFiles(),
        .. Models(),
        .. Sessions(),
        .. LlmRepliesAndFaults(),
    ];

    public static CorpusCase Find(string name) => All.Single(c => c.Name == name);

    private static IEnumerable<CorpusCase> Audio()
    {
        var wav = CorpusWav.Pcm16();
        yield return Transcribe("audio/empty-file", [], "x.wav: empty file (0 bytes)");
        yield return Transcribe("audio/text-named-wav", "hello, this is not audio"u8.ToArray(), "x.wav: not a WAV file", "choose a WAV file");
        yield return Transcribe("audio/truncated-header", wav[..20], "x.wav: truncated header");
        yield return Transcribe("audio/riff-not-wave", CorpusWav.WithTag(wav, 8, "XXXX"), "x.wav: RIFF file but not WAVE");
        yield return Transcribe("audio/zero-channels", CorpusWav.With16(wav, 22, 0), "x.wav: 0 channels", "re-export");
        yield return Transcribe("audio/65-channels", CorpusWav.With16(wav, 22, 65), "x.wav: 65 channels", "re-export");
        yield return Transcribe("audio/sample-rate-zero", CorpusWav.With32(wav, 24, 0), "x.wav: sample rate 0 Hz is out of range");
        yield return Transcribe("audio/12-bit-pcm", CorpusWav.With16(wav, 34, 12), "x.wav: 12-bit PCM is not supported", "convert it");
        yield return Transcribe("audio/block-align-mismatch", CorpusWav.With16(wav, 32, 3), "x.wav: block align 3 does not match");
        yield return Transcribe("audio/no-data-chunk", CorpusWav.WithTag(wav, 36, "junk"), "x.wav: no data chunk");
        yield return Transcribe("audio/data-before-fmt", CorpusWav.WithTag(CorpusWav.WithTag(wav, 12, "data"), 36, "fmt "), "x.wav: data chunk comes before the fmt chunk");
        yield return Transcribe("audio/header-only", CorpusWav.Pcm16(0), "x.wav: no audio", "record again");
        yield return Case("audio/folder-named-x.wav", c =>
        {
            Directory.CreateDirectory(c.Path("x.wav"));
            return ["transcribe", "x.wav", "--engine", "sphinx"];
        }, "x.wav: is a folder, not an audio file", "pass one of the audio files inside it");
        yield return Case("audio/missing-file", _ => ["transcribe", "gone.wav", "--engine", "sphinx"], "gone.wav: file not found", "check the path");
        yield return Case("audio/vad-on-folder", c =>
        {
            Directory.CreateDirectory(c.Path("x.wav"));
            return ["vad", "x.wav"];
        }, "x.wav: is a folder");
        yield return Case("audio/manifest-audio-is-folder", c =>
        {
            Directory.CreateDirectory(c.Path("x.wav"));
            return ["grade", "--manifest", c.AudioManifest("x.wav"), Prompts, CorpusFolder.RepoPrompts];
        }, "x.wav: is a folder, not an audio file (manifest line 3)");
        yield return Case("audio/manifest-audio-missing", c => ["grade", "--manifest", c.AudioManifest("gone.wav"), Prompts, CorpusFolder.RepoPrompts], "gone.wav: audio file not found (manifest line 3", "relative to the manifest");
        yield return Case("audio/manifest-audio-empty", c =>
        {
            c.Write("empty.wav", []);
            return ["grade", "--manifest", c.AudioManifest("empty.wav"), Prompts, CorpusFolder.RepoPrompts];
        }, "empty.wav: empty file (0 bytes)");
        yield return Case("audio/record-into-missing-folder", _ => ["record", "nodir/sub/x.wav", "--seconds", "1"], "nodir/sub/x.wav: the folder nodir/sub does not exist", "mkdir -p nodir/sub");
        yield return Case("audio/record-onto-a-folder", c =>
        {
            Directory.CreateDirectory(c.Path("take.wav"));
            return ["record", "take.wav", "--seconds", "1"];
        }, "take.wav: is a folder", "file name");

        // The data chunk declares 999 bytes and 3 s of audio follow: read whole, with a note (it was "0 words, 0.0 s").
        var lying = CorpusWav.With32(CorpusWav.Pcm16(3), 40, 999);
        yield return new CorpusCase("audio/data-size-lies-vad", c => Task.FromResult<string[]>(["vad", c.Write("lie.wav", lying)]), ["lie.wav: data chunk claims 999 bytes but 96000 bytes of audio follow it; read them all (3.0 s)"], CorpusOutcome.Handled);
        yield return new CorpusCase(
            "audio/data-size-lies-grade",
            c =>
            {
                c.Write("lie.wav", lying);
                return Task.FromResult<string[]>(["grade", "--manifest", c.AudioManifest("lie.wav"), "--out", "out", Prompts, CorpusFolder.RepoPrompts]);
            },
            ["Q1: lie.wav: data chunk claims 999 bytes but 96000 bytes of audio follow it", "report.md:Q1: lie.wav: data chunk claims 999 bytes"],
            CorpusOutcome.Handled,
            Output: "out");
    }

    private static IEnumerable<CorpusCase> Manifests()
    {
        yield return Case("manifest/not-found", _ => ["grade", "--manifest", "nope.yaml", Prompts, CorpusFolder.RepoPrompts], "nope.yaml: manifest not found", "samples/manifest.yaml");
        yield return Case("manifest/is-a-folder", c =>
        {
            Directory.CreateDirectory(c.Path("m.yaml"));
            return ["grade", "--manifest", "m.yaml", Prompts, CorpusFolder.RepoPrompts];
        }, "m.yaml: is a folder", "YAML file");
        yield return Manifest("manifest/unclosed-bracket", "company: netflix\nanswers: [\n  - question_id: x\n", "m.yaml:2:10: not valid YAML: the '[' here is not closed");
        yield return Manifest("manifest/unclosed-quote", "company: netflix\nanswers:\n  - question_id: netflix-recruiter-values-judgment\n    transcript: \"I did\n", "m.yaml:", "not valid YAML");
        yield return Manifest("manifest/tab-indent", "company: netflix\nanswers:\n\t- question: x\n", "m.yaml:3:1: not valid YAML: a tab indents this line", "indent with spaces");
        yield return Manifest("manifest/duplicate-key", "company: netflix\ncompany: acme\nanswers:\n  - question: x\n    transcript: y\n    duration_s: 3\n", "m.yaml:2:", "not valid YAML", "duplicate key");
        yield return Manifest("manifest/missing-duration", "company: netflix\nanswers:\n  - question: \"Why Netflix?\"\n    transcript: \"Because.\"\n", "m.yaml:3:5: answers[0].duration_s: is missing", "how long the answer took");
        yield return Manifest("manifest/unknown-question-id", "answers:\n  - question_id: nope\n    transcript: x\n    duration_s: 5\n", "m.yaml:2:18: answers[0].question_id: no question 'nope'", "voicecoach questions list");
        yield return Manifest("manifest/audio-and-transcript", "answers:\n  - question: x\n    audio: a.wav\n    transcript: y\n    duration_s: 3\n", "m.yaml:2:5: answers[0]: needs exactly one of audio");
        yield return Manifest("manifest/no-question", "answers:\n  - transcript: y\n    duration_s: 3\n", "m.yaml:2:5: answers[0]: needs question: (the text) or question_id:");
        yield return Manifest("manifest/negative-duration", "answers:\n  - question: x\n    transcript: y\n    duration_s: -4\n", "answers[0].duration_s: is -4; it must be more than 0 and at most 3600 seconds");
        yield return Manifest("manifest/duration-not-a-number", "answers:\n  - question: x\n    transcript: y\n    duration_s: abc\n", "m.yaml:4:17: answers[0].duration_s: 'abc' is not a number");
        yield return Manifest("manifest/root-is-a-list", "- question: x\n- question: y\n", "m.yaml:1:1: ", "expected a mapping of fields");
        yield return Manifest("manifest/empty-file", string.Empty, "m.yaml: the file is empty");
        yield return Manifest("manifest/no-answers", "company: netflix\nanswers: []\n", "m.yaml:2:10: answers: no answers");
        yield return Manifest("manifest/unknown-company", "company: acme\nanswers:\n  - question: x\n    transcript: y\n    duration_s: 3\n", "no company pack 'acme'", "available: netflix");
    }

    /// <summary>
    /// The 1-based line of the shipped prompt file where <paramref name="text"/> first occurs: the error must name the line
    /// the broken text is on, wherever a later edit of the file moved it.
    /// </summary>
    private static int LineOf(string relative, string text)
    {
        var lines = File.ReadAllLines(System.IO.Path.Combine(CorpusFolder.RepoPrompts, relative));
        var index = Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal));
        return index >= 0 ? index + 1 : throw new InvalidOperationException($"prompts/{relative}: no line holds '{text}'; update the corpus case");
    }

    private static IEnumerable<CorpusCase> PromptFiles()
    {
        yield return Check("yaml/rubric-unclosed-bracket", "rubric.yaml", "words: [um, umm, uh, uhh, er, erm, ah, hmm, mm]", "words: [um, umm, uh, uhh, er, erm, ah, hmm, mm", "p/rubric.yaml:", "the '[' here is not closed by a ']'");
        yield return Case("yaml/company-pack-unclosed-bracket", c =>
        {
            var p = c.PromptsWith("companies/netflix.yaml", "aliases: [\"net flicks\", \"net flix\", \"netflicks\"]", "aliases: [\"net flicks\", \"net flix\", \"netflicks\"");
            return ["grade", "--manifest", c.TypedManifest(), Prompts, p];
        }, $"p/companies/netflix.yaml:{LineOf("companies/netflix.yaml", "aliases: [\"net flicks\"")}:10: not valid YAML: the '[' here is not closed");
        yield return Case("yaml/question-bank-unclosed-bracket", c =>
        {
            var p = c.PromptsWith("questions/netflix-recruiter.yaml", "tags: [netflix-culture, principles]", "tags: [netflix-culture, principles");
            return ["questions", "list", Prompts, p];
        }, $"p/questions/netflix-recruiter.yaml:{LineOf("questions/netflix-recruiter.yaml", "tags: [netflix-culture, principles]")}:11: not valid YAML: the '[' here is not closed");
        yield return Check("yaml/rubric-negative-weight", "rubric.yaml", "story:      { structure: 25, example: 25", "story:      { structure: 55, example: -5", "p/rubric.yaml:", "weights.story.example: -5 is out of range; use 0 to 100");
        yield return Check("yaml/rubric-weights-not-100", "rubric.yaml", "story:      { structure: 25", "story:      { structure: 35", "weights.story: weights add up to 110; they must add up to 100");
        yield return Check("yaml/rubric-bands-out-of-order", "rubric.yaml", new Regex(@"\{ letter: B\+, +min: \d+"), "{ letter: B+,   min: 99", "grades[2].min: 99 after ", "is out of order");
        yield return Check("yaml/rubric-kind-row-deleted", "rubric.yaml", new Regex(@"(?m)^  design: +\{[^\n]*\n"), string.Empty, "weights: no weights row for question kind 'design'", "add a 'design:' row");
        yield return Check("yaml/rubric-llm-steps-12", "rubric.yaml", "max_grade_steps: 1", "max_grade_steps: 12", "llm.max_grade_steps: 12 is out of range; use 0 to 3");
        yield return Check("yaml/rubric-llm-steps-negative", "rubric.yaml", "max_grade_steps: 1", "max_grade_steps: -2", "llm.max_grade_steps: -2 is out of range; use 0 to 3");
        yield return Check("yaml/rubric-negative-grace", "rubric.yaml", "grace_seconds: 5", "grace_seconds: -2", "length.grace_seconds: -2 is out of range");
        yield return Check("yaml/rubric-star-stem", "rubric.yaml", "\"excit*\"", "\"*\"", "enthusiasm[0]: '*' matches every word");
        yield return Check("yaml/rubric-cap-unknown-letter", "rubric.yaml", new Regex(@"no_example: [A-F][+-]?(?= )"), "no_example: Q", "caps.no_example: 'Q' is not a letter from grades:");
        yield return Check("yaml/rubric-slow-above-ideal", "rubric.yaml", "slow: 110", "slow: 140", "pace.slow: 140 is above the ideal pace's minimum (130)");
        yield return Check("yaml/rubric-fluency-out-of-order", "rubric.yaml", "label: Fluent,     min_pct: 70", "label: Fluent,     min_pct: 40", "session.fluency_levels[3].min_pct: 40 after 50 is out of order");
        yield return Check("yaml/company-evidence-star", "companies/netflix.yaml", "- \"dream team\"", "- \"*\"", "p/companies/netflix.yaml:", "principles[0].evidence[0]: '*' matches every word");
        yield return Check("yaml/company-one-letter-stem", "companies/netflix.yaml", "- \"dream team\"", "- \"a*\"", "principles[0].evidence[0]: 'a*' matches every word starting with 'a'");
        yield return Check("yaml/company-phrase-without-words", "companies/netflix.yaml", "    - studio\n", "    - \"...\"\n", "role.terms[0]: '...' has no words to match");
        yield return Check("yaml/company-story-unknown-value", "companies/netflix.yaml", "demonstrates: [courage, great-and-always-better", "demonstrates: [courage, bravery", "stories[0].demonstrates[1]: 'bravery' is not a principle or value id");
        yield return Check("yaml/bank-unknown-round", "questions/netflix-recruiter.yaml", "round: recruiter\n", "round: phone-screen\n", "p/questions/netflix-recruiter.yaml:", "'phone-screen' is not one of: recruiter");
        yield return Check("yaml/bank-target-out-of-range", "questions/netflix-recruiter.yaml", "    tags: [netflix-culture, principles]\n", "    tags: [netflix-culture, principles]\n    target_seconds: [0, 5000]\n", "target_seconds: [0, 5000] is out of range");
        yield return Check("yaml/grading-prompt-undeclared-variable", "grading/answer-feedback.yaml", "{{style}}", "{{stlye}}", "p/grading/answer-feedback.yaml:", "{{stlye}}");
        yield return Case("yaml/grading-prompt-unclosed-bracket", c =>
        {
            var p = c.Prompts();
            File.AppendAllText(c.Path("p/grading/answer-feedback.yaml"), "\nbroken: [a, b\n");
            return ["prompts", "check", Prompts, p];
        }, "p/grading/answer-feedback.yaml:", "the '[' here is not closed");
        yield return Case("yaml/prompts-folder-empty", c =>
        {
            Directory.CreateDirectory(c.Path("empty"));
            return ["prompts", "check", Prompts, "empty"];
        }, "rubric.yaml: not found", "point --prompts at a folder");
        yield return Case("yaml/llm-config-api-key", c => ["grade", "--manifest", c.TypedManifest(), "--llm-config", c.Write("llm.yaml", "llm:\n  url: http://127.0.0.1:9/v1\n  api_key: sk-test\n"), Prompts, CorpusFolder.RepoPrompts], "llm.yaml:3:", "keys do not belong in config files");
        yield return Case("yaml/llm-config-unclosed-bracket", c => ["grade", "--manifest", c.TypedManifest(), "--llm-config", c.Write("llm.yaml", "llm:\n  url: [http://127.0.0.1:9/v1\n  model: x\n"), Prompts, CorpusFolder.RepoPrompts], "llm.yaml:2:", "not valid YAML");
    }

    private static IEnumerable<CorpusCase> Models()
    {
        var model = RepoPaths.SharedFile("whisper", "models", "random-tiny.en-q5_1.bin");
        var audio = RepoPaths.SharedFile("whisper", "golden", "inputs", "jfk.wav");
        yield return Case("model/whisper-steps-too-many", _ => ["whisper", "logits", "--model", model, "--audio", audio, "--steps", "100000"], "--steps 100000: out of range; use 1 to 448");
        yield return Case("model/whisper-steps-negative", _ => ["whisper", "logits", "--model", model, "--audio", audio, "--steps", "-1"], "--steps -1: out of range; use 1 to 448");
        yield return Case("model/whisper-not-ggml", c => ["transcribe", c.Write("a.wav", CorpusWav.Pcm16()), "--engine", "whisper", "--model", c.Write("bad.bin", "RIFF this is no model at all"u8.ToArray())], "bad.bin", "not a ggml");
        yield return Case("model/whisper-truncated", c =>
        {
            var head = File.ReadAllBytes(RepoPaths.SharedFile("whisper", "models", "for-tests-ggml-tiny.en.bin"))[..4096];
            return ["whisper", "logits", "--model", c.Write("cut.bin", head), "--audio", audio, "--steps", "2"];
        }, "cut.bin");
        yield return Case("model/vad-not-ggml", c => ["vad", c.Write("a.wav", CorpusWav.Pcm16()), "--vad-model", c.Write("vad.bin", "not a model"u8.ToArray())], "vad.bin");
        yield return Case("model/download-unknown-name", _ => ["models", "download", "nope-model", "--dir", "m"], "nope-model: not a known whisper.cpp model", "voicecoach models list");
    }

    private static IEnumerable<CorpusCase> Sessions()
    {
        yield return Case("session/report-no-session-json", c =>
        {
            Directory.CreateDirectory(c.Path("s"));
            return ["report", "s", Prompts, CorpusFolder.RepoPrompts];
        }, "s: no session.json here", "`grade` or `practice`");
        yield return Case("session/regrade-no-session-json", c =>
        {
            Directory.CreateDirectory(c.Path("s"));
            return ["regrade", "s", Prompts, CorpusFolder.RepoPrompts];
        }, "s: no session.json here");
        yield return SessionCase("session/not-json", "report", c => c.Write("s/session.json", "{\"answers\": [ {\"grade\": "), "s/session.json: not valid JSON at line 1, column", "voicecoach grade");
        yield return SessionCase("session/no-answers", "report", c => c.Write("s/session.json", "{\"schema\": 1}"), "s/session.json: no answers array");
        yield return SessionCase("session/schema-99", "report", c => c.EditJson("s/session.json", j => j["schema"] = 99), "s/session.json: schema 99 is newer than this VoiceCoach reads (schema 1)", "update VoiceCoach");
        yield return SessionCase("session/schema-not-a-number", "report", c => c.EditJson("s/session.json", j => j["schema"] = "one"), "s/session.json: schema \"one\" is not a session.json schema version");
        yield return SessionCase("session/regrade-schema-99", "regrade", c => c.EditJson("s/session.json", j => j["schema"] = 99), "s/session.json: schema 99 is newer");
        yield return SessionCase("session/grade-z-plus", "report", c => c.EditJson("s/session.json", j => j["answers"]![0]!["grade"] = "Z+"), "s/session.json: answers[0].grade: 'Z+' is not a grade of the rubric", "voicecoach regrade");
        yield return SessionCase("session/average-grade-z-plus", "report", c => c.EditJson("s/session.json", j => j["average_grade"] = "Z+"), "average_grade: 'Z+' is not a grade");
        yield return SessionCase("session/duration-not-a-number", "report", c => c.EditJson("s/session.json", j => j["answers"]![0]!["duration_s"] = "long"), "s/session.json: duration_s: expected a number, found string");
        yield return Case("session/grade-into-graded-folder", async c =>
        {
            await c.GradedSessionAsync("s");
            return ["grade", "--manifest", c.TypedManifest(), "--out", "s", Prompts, CorpusFolder.RepoPrompts];
        }, "s: already holds a graded session; pass --force");
        yield return Case("session/out-is-a-file", c => ["grade", "--manifest", c.TypedManifest(), "--out", c.Write("afile", "x"), Prompts, CorpusFolder.RepoPrompts], "afile: is a file, not a folder");
        yield return Case("session/out-inside-a-file", c =>
        {
            c.Write("afile", "x");
            return ["grade", "--manifest", c.TypedManifest(), "--out", "afile/sub", Prompts, CorpusFolder.RepoPrompts];
        }, "afile/sub: ", "is a file, so no folder can be made inside it");
        yield return Case("session/report-out-is-a-folder", async c =>
        {
            await c.GradedSessionAsync("s");
            Directory.CreateDirectory(c.Path("outdir"));
            return ["report", "s", "--out", "outdir", Prompts, CorpusFolder.RepoPrompts];
        }, "outdir: is a folder; --out takes the file to write");
        yield return Case("session/report-out-inside-a-file", async c =>
        {
            await c.GradedSessionAsync("s");
            c.Write("afile", "x");
            return ["report", "s", "--out", "afile/report.md", Prompts, CorpusFolder.RepoPrompts];
        }, "afile: is a file, not a folder");
        yield return Case("session/progress-out-is-a-file", async c =>
        {
            await c.GradedSessionAsync("sessions/s");
            return ["progress", "--sessions", "sessions", "--out", c.Write("afile", "x"), Prompts, CorpusFolder.RepoPrompts];
        }, "afile: is a file, not a folder");
        yield return Case("session/folder-locked-by-another-run", c =>
        {
            c.Hold(SessionFolder.Lock(c.Path("busy"), TimeSpan.Zero, "busy"));
            return ["grade", "--manifest", c.TypedManifest(), "--out", "busy", Prompts, CorpusFolder.RepoPrompts];
        }, "busy: another voicecoach command has been writing this session", "wait for it to finish");
    }

    private static IEnumerable<CorpusCase> LlmRepliesAndFaults()
    {
        yield return Llm("llm/reply-not-json", (_, body, ctx) => LoopbackOpenAiServer.ReplyAsync(ctx, "Sure! The answer is great, I'd give it an A."));
        yield return Llm("llm/reply-missing-fields", (_, body, ctx) => LoopbackOpenAiServer.ReplyAsync(ctx, "{\"tip\": \"only a tip\"}"));
        yield return Llm("llm/reply-empty", (_, body, ctx) => LoopbackOpenAiServer.ReplyAsync(ctx, string.Empty));
        yield return Llm("llm/server-error-500", (_, _, ctx) => LoopbackOpenAiServer.FailAsync(ctx, 500));
        yield return Llm("llm/unauthorized-401", (_, _, ctx) => LoopbackOpenAiServer.FailAsync(ctx, 401));
        yield return Llm("llm/not-found-404", (_, _, ctx) => LoopbackOpenAiServer.FailAsync(ctx, 404));
        yield return Llm("llm/connection-dropped", (_, _, ctx) =>
        {
            ctx.Abort();
            return Task.CompletedTask;
        });
        yield return Llm("llm/body-not-openai-json", (_, _, ctx) =>
        {
            ctx.Response.ContentType = "application/json";
            return ctx.Response.WriteAsync("{\"unexpected\": true}");
        });
        yield return new CorpusCase(
            "llm/nothing-listening",
            c => Task.FromResult<string[]>(["grade", "--manifest", c.TypedManifest(), "--out", "out", "--llm", $"http://127.0.0.1:{VoiceCoach.IntegrationTests.Http.LoopbackServer.DeadPort()}/v1", "--llm-config", c.Write("llm.yaml", LlmConfig), Prompts, CorpusFolder.RepoPrompts]),
            ["The LLM reviewer was unavailable", "report.md:The LLM reviewer was unavailable"],
            CorpusOutcome.Handled,
            Output: "out");
        yield return Case("llm/url-not-a-url", c => ["grade", "--manifest", c.TypedManifest(), "--llm", "not a url", Prompts, CorpusFolder.RepoPrompts], "--llm not a url: not a URL", "or 'off'");
    }

    private static CorpusCase Case(string name, Func<CorpusFolder, string[]> arrange, params string[] expect) =>
        new(name, c => Task.FromResult(arrange(c)), expect);

    private static CorpusCase Case(string name, Func<CorpusFolder, Task<string[]>> arrange, params string[] expect) =>
        new(name, arrange, expect);

    private static CorpusCase Transcribe(string name, byte[] wav, params string[] expect) =>
        Case(name, c => ["transcribe", c.Write("x.wav", wav), "--engine", "sphinx"], expect);

    private static CorpusCase Manifest(string name, string yaml, params string[] expect) =>
        Case(name, c => ["grade", "--manifest", c.Write("m.yaml", yaml), Prompts, CorpusFolder.RepoPrompts], expect);

    /// <summary>`prompts check` on a copy of prompts/ with one edit of a line whose numbers calibration moves.</summary>
    private static CorpusCase Check(string name, string file, Regex pattern, string replacement, params string[] expect) =>
        Case(name, c => ["prompts", "check", Prompts, c.PromptsWith(file, pattern, replacement)], expect);

    /// <summary>`prompts check` on a copy of prompts/ with one edit.</summary>
    private static CorpusCase Check(string name, string file, string old, string replacement, params string[] expect) =>
        Case(name, c => ["prompts", "check", Prompts, c.PromptsWith(file, old, replacement)], expect);

    /// <summary>A command on a graded session folder "s" damaged by <paramref name="damage"/>.</summary>
    private static CorpusCase SessionCase(string name, string command, Action<CorpusFolder> damage, params string[] expect) =>
        Case(name, async c =>
        {
            await c.GradedSessionAsync("s");
            damage(c);
            return [command, "s", Prompts, CorpusFolder.RepoPrompts];
        }, expect);

    /// <summary>Grading with a loopback LLM that fails every request this way: the rubric grades, and the report says so.</summary>
    private static CorpusCase Llm(string name, Func<int, JsonElement, HttpContext, Task> script) => new(
        name,
        c => Task.FromResult<string[]>(["grade", "--manifest", c.TypedManifest(), "--out", "out", "--llm", c.LlmUrl, "--llm-config", c.Write("llm.yaml", LlmConfig), Prompts, CorpusFolder.RepoPrompts]),
        ["The LLM reviewer was unavailable", "report.md:The LLM reviewer was unavailable"],
        CorpusOutcome.Handled,
        script,
        "out");
}
