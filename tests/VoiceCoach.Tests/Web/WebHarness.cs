using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using VoiceCoach.Audio.Vad;
using VoiceCoach.Cli.Hosting;
using VoiceCoach.Core.Audio;
using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Grading;
using VoiceCoach.Grading.Semantics;
using VoiceCoach.Testing;
using VoiceCoach.Tests.Audio;
using VoiceCoach.Tests.Practice;
using VoiceCoach.Web;

namespace VoiceCoach.Tests.Web;

/// <summary>
/// The web app on a real Kestrel on 127.0.0.1 (a free port), over a temporary sessions folder and a temporary copy of
/// the repository's prompts, with the rubric grader, the real VAD and a fake recogniser. Disposing stops it.
/// </summary>
internal sealed class WebHarness : IAsyncDisposable
{
    private static readonly Lazy<SileroVad> Vad = new(() => SileroVad.Load(RepoPaths.InRepo("models", ModelLocator.VadModelName)));
    private readonly TempDirectory _dir;
    private readonly HttpClientHandler _handler = new() { UseCookies = false };
    private readonly HttpClientHandler _anonymousHandler = new() { UseCookies = false };

    private WebHarness(WebApp app, TempDirectory dir, string sessions, string prompts)
    {
        _dir = dir;
        App = app;
        Sessions = sessions;
        Prompts = prompts;
        Client = new HttpClient(_handler) { BaseAddress = app.Address };
        Client.DefaultRequestHeaders.Add("X-VoiceCoach-Token", app.Token);
        Anonymous = new HttpClient(_anonymousHandler) { BaseAddress = app.Address };
    }

    public WebApp App { get; }

    public string Sessions { get; }

    public string Prompts { get; }

    /// <summary>Sends the token with every request.</summary>
    public HttpClient Client { get; }

    /// <summary>Sends no token.</summary>
    public HttpClient Anonymous { get; }

    public FakeStreamingTranscriber Transcriber { get; } = new();

    /// <summary>A file beside the sessions and prompts folders that no request may reach.</summary>
    public string Secret => Path.Combine(_dir.Path, "secret.txt");

    /// <param name="time">The app's clock; the system's unless a test holds it.</param>
    public static async Task<WebHarness> StartAsync(TimeProvider? time = null)
    {
        var dir = new TempDirectory();
        var sessions = Path.Combine(dir.Path, "sessions");
        var prompts = Path.Combine(dir.Path, "prompts");
        RepoPaths.CopyPrompts(prompts);
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "secret.txt"), "the secret");
        var services = new Services();
        var app = await WebApp.StartAsync(
            new WebAppOptions
            {
                Token = WebApp.NewToken(),
                SessionsDirectory = sessions,
                PromptsDirectory = prompts,
                Time = time ?? TimeProvider.System,
                Logging = NullLoggerFactory.Instance,
            },
            services,
            CancellationToken.None);
        var harness = new WebHarness(app, dir, sessions, prompts);
        services.Transcriber = harness.Transcriber;
        return harness;
    }

    /// <summary>Sends a request line exactly as given (no client-side path normalisation) and returns status and body.</summary>
    public async Task<(int Status, string Body)> RawGetAsync(string pathAndQuery, bool withToken = true)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, App.Address.Port);
        await using var stream = tcp.GetStream();
        var request = $"GET {pathAndQuery} HTTP/1.1\r\nHost: 127.0.0.1:{App.Address.Port}\r\n{(withToken ? $"X-VoiceCoach-Token: {App.Token}\r\n" : string.Empty)}Connection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var status = int.Parse(response.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        var body = response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        return (status, body);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Anonymous.Dispose();
        _handler.Dispose();
        _anonymousHandler.Dispose();
        await App.DisposeAsync();
        _dir.Dispose();
    }

    private sealed class Services : IWebServices
    {
        public IStreamingTranscriber Transcriber { get; set; } = new FakeStreamingTranscriber();

        public SileroVad Vad => WebHarness.Vad.Value;

        public ISpeechSynthesizer? Voice => null;

        public Task<SessionGraders> CreateGradersAsync(PromptLibrary library, CompanyPack company, string sessionId, CancellationToken cancellationToken)
        {
            var grader = TestGrading.Grader(library, company);
            return Task.FromResult(new SessionGraders(grader, new SessionGrader(grader, library.Rubric, company, TimeProvider.System), grader, Semantic(library)));
        }

        public SemanticModel Semantic(PromptLibrary library) => TestGrading.Semantic(library);

        public IStreamingTranscriber CreateTranscriber() => Transcriber;
    }
}
