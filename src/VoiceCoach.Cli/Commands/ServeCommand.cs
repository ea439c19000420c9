using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using VoiceCoach.Audio.Speech;
using VoiceCoach.Audio.Vad;
using VoiceCoach.Cli.Hosting;
using VoiceCoach.Core.Audio;
using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Grading.Semantics;
using VoiceCoach.Speech.Streaming;
using VoiceCoach.Web;

namespace VoiceCoach.Cli.Commands;

/// <summary>
/// `voicecoach serve`: the local web app. Prints one line, the link with the per-launch token, opens the browser (unless
/// --no-open) and serves until Ctrl+C. Loopback only unless --host is given.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(CliServices services)
    {
        var port = new Option<int>("--port") { Description = "Port to listen on; 0 (the default) picks a free one.", DefaultValueFactory = _ => 0 };
        var host = new Option<string?>("--host") { Description = "Address to listen on. Default 127.0.0.1 (this machine only); another address lets other machines in (they still need the token)." };
        var noOpen = new Option<bool>("--no-open") { Description = "Do not open the browser; just print the link." };
        var sessions = new Option<string?>("--sessions") { Description = "The folder of session folders. Default: ./sessions." };
        var noSpeak = new Option<bool>("--no-speak") { Description = "Do not render the questions as speech on this machine; the browser speaks them (speechSynthesis)." };
        var engine = new EngineOptions();
        var llm = new LlmCliOptions();
        var command = new Command("serve", "Practise in the browser: a local web app (practice with the browser's microphone, reports, progress, the coach's prompts).")
        {
            port, host, noOpen, sessions, noSpeak,
        };
        engine.AddTo(command);
        llm.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var wd = services.WorkingDirectory;
            var promptsDir = PromptsLocator.Find(parse.GetValue(CliApp.PromptsOption), wd);
            var library = PromptLibrary.Load(promptsDir); // a broken prompt file is one line now, not a failure in the page later
            var address = IPAddress.Loopback;
            if (parse.GetValue(host) is { } h && !IPAddress.TryParse(h, out address))
            {
                throw new CliUserException($"--host {h}: not an IP address; give one of this machine's addresses (e.g. 0.0.0.0 for all), or leave it out for 127.0.0.1");
            }

            var portValue = parse.GetValue(port);
            if (portValue is < 0 or > 65535)
            {
                throw new CliUserException(string.Create(CultureInfo.InvariantCulture, $"--port {portValue}: give a port between 1 and 65535, or 0 for a free one"));
            }

            using var vad = SileroVad.Load(ModelLocator.RequireVad(null, wd), services.Logging.CreateLogger<SileroVad>());
            var web = new CliWebServices(services, parse, llm, engine.Read(parse), vad, parse.GetValue(noSpeak) ? null : TryVoice(services));
            var options = new WebAppOptions
            {
                Host = address,
                Port = portValue,
                Token = WebApp.NewToken(),
                SessionsDirectory = Path.GetFullPath(parse.GetValue(sessions) ?? "sessions", wd),
                PromptsDirectory = promptsDir,
                Time = services.Time,
                Logging = services.Logging,
            };
            WebApp app;
            try
            {
                app = await WebApp.StartAsync(options, web, ct);
            }
            catch (IOException e) when (e.InnerException is SocketException || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                throw new CliUserException(string.Create(CultureInfo.InvariantCulture, $"--port {portValue}: {address}:{portValue} is in use; choose another port, or leave --port out for a free one"));
            }

            await using (app)
            {
                services.Out.WriteLine(app.Link.ToString());
                services.Out.Flush();
                services.Logging.CreateLogger("serve").LogInformation("Serving {Address} (sessions {Sessions}, prompts {Prompts})", app.Address, options.SessionsDirectory, promptsDir);
                var semanticReady = Task.Run(() => WarmSemantic(web, library, services.Logging.CreateLogger("serve")), CancellationToken.None);
                if (!parse.GetValue(noOpen))
                {
                    OpenBrowser(app.Link, services.Logging.CreateLogger("serve"));
                }

                try
                {
                    await app.WaitAsync(ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    // Ctrl+C: stop serving.
                }

                await semanticReady; // it uses the process's encoder, disposed on the way out
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// Loads the grader's semantic layer (the sentence encoder, seconds of CPU on a busy machine) while the user opens
    /// the page, so the first session or prompt check does not wait for it. A broken classifier is reported when it is
    /// used, in the page.
    /// </summary>
    private static void WarmSemantic(IWebServices web, PromptLibrary library, ILogger log)
    {
        try
        {
            web.Semantic(library);
        }
        catch (Exception e) when (e is PromptFileException or VoiceCoach.Core.Grading.SentenceEncoderException)
        {
            log.LogWarning(e, "The semantic layer could not be loaded at start");
        }
    }

    private static ISpeechSynthesizer? TryVoice(CliServices services)
    {
        try
        {
            return SpeechSynthesizers.Create();
        }
        catch (SpeechSynthesisException e)
        {
            services.Logging.CreateLogger("serve").LogWarning(e, "No speech synthesizer here: the browser will speak the questions");
            return null;
        }
    }

    private static void OpenBrowser(Uri link, ILogger log)
    {
        var (file, args) = OperatingSystem.IsWindows() ? ("cmd", $"/c start \"\" \"{link}\"")
            : OperatingSystem.IsMacOS() ? ("open", link.ToString())
            : ("xdg-open", link.ToString());
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, args) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true });
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            log.LogInformation(e, "Could not open a browser; the link is printed");
        }
    }

    /// <summary>The engines as the command line chose them, for each session of the web app.</summary>
    private sealed class CliWebServices(CliServices services, ParseResult parse, LlmCliOptions llm, EngineRequest engine, SileroVad vad, ISpeechSynthesizer? voice) : IWebServices
    {
        public SileroVad Vad => vad;

        public ISpeechSynthesizer? Voice => voice;

        private readonly SemanticCache _semantic = new(services);

        public async Task<SessionGraders> CreateGradersAsync(PromptLibrary library, CompanyPack company, string sessionId, CancellationToken cancellationToken)
        {
            GraderSetup? setup = null;
            try
            {
                setup = await llm.CreateGraderAsync(parse, services, library, company, sessionId, cancellationToken, Semantic(library));
                var graders = new SessionGraders(setup.Answers, setup.SessionGrader(library.Rubric, company, services.Time), setup.Rubric, setup.Semantic, setup);
                setup = null; // the graders own it now
                return graders;
            }
            finally
            {
                setup?.Dispose();
            }
        }

        public SemanticModel Semantic(PromptLibrary library) => _semantic.For(library);

        public IStreamingTranscriber CreateTranscriber()
        {
            var transcriber = services.CreateTranscriber(engine);
            if (transcriber is IStreamingTranscriber streaming)
            {
                return streaming;
            }

            var owning = new OwningStreamingTranscriber(new ChunkedStreamingTranscriber(transcriber, vad), transcriber as IDisposable);
            return owning;
        }
    }

    /// <summary>
    /// The semantic layer for the served prompts, made once and reused by every session and check (its cached vectors
    /// of questions and values too), keyed by the content of what it is made from: the classifier and the question
    /// banks. The coach's page checks drafts in a copy of the folder; a copy whose banks are unchanged gets the same
    /// model, an edited bank a new one. The encoder under every model is the process's one.
    /// </summary>
    private sealed class SemanticCache(CliServices services)
    {
        private const int MaxModels = 8;
        private readonly Lock _gate = new();
        private readonly Dictionary<string, SemanticModel> _models = new(StringComparer.Ordinal);

        public SemanticModel For(PromptLibrary library)
        {
            var key = Fingerprint(library.Directory);
            lock (_gate)
            {
                if (!_models.TryGetValue(key, out var model))
                {
                    if (_models.Count >= MaxModels)
                    {
                        _models.Clear();
                    }

                    model = services.Semantic(library);
                    _models[key] = model;
                }

                return model;
            }
        }

        private static string Fingerprint(string directory)
        {
            var questions = Path.Combine(directory, "questions");
            var files = new[] { SemanticModel.ClassifierFile, SemanticModel.RedFlagClassifierFile }
                .Concat(Directory.Exists(questions) ? Directory.EnumerateFiles(questions).Select(f => Path.GetRelativePath(directory, f)) : [])
                .Order(StringComparer.Ordinal);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var file in files)
            {
                hash.AppendData(Encoding.UTF8.GetBytes(file + "\n"));
                var full = Path.Combine(directory, file);
                if (File.Exists(full))
                {
                    hash.AppendData(File.ReadAllBytes(full));
                }
            }

            return Convert.ToHexString(hash.GetHashAndReset());
        }
    }

    /// <summary>A streaming wrapper that disposes the transcriber it wraps.</summary>
    private sealed class OwningStreamingTranscriber(IStreamingTranscriber inner, IDisposable? owned) : IStreamingTranscriber, IDisposable
    {
        public string EngineName => inner.EngineName;

        public ITranscriptionStream Start(string source) => inner.Start(source);

        public void Dispose() => owned?.Dispose();
    }
}
