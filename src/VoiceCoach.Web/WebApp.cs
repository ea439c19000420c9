using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Web.Pages;
using VoiceCoach.Web.Practice;
using VoiceCoach.Web.Prompts;
using VoiceCoach.Web.Security;

namespace VoiceCoach.Web;

/// <summary>
/// The local web app behind `voicecoach serve`: Kestrel on the given address (loopback by default), every request
/// behind the per-launch token, the practice page and its WebSocket, reports, progress, and the coach's prompts page.
/// Owns the web server; dispose to stop it.
/// </summary>
public sealed class WebApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebApp(WebApplication app, Uri address, string token)
    {
        _app = app;
        Address = address;
        Token = token;
    }

    /// <summary>Where the app listens, e.g. http://127.0.0.1:5123/.</summary>
    public Uri Address { get; }

    /// <summary>The per-launch token every request must carry.</summary>
    public string Token { get; }

    /// <summary>The link to open: the address with the token.</summary>
    public Uri Link => new(Address, $"/?token={Uri.EscapeDataString(Token)}");

    /// <summary>A new random per-launch token.</summary>
    public static string NewToken() => TokenGate.NewToken();

    /// <summary>Starts the app and returns once it listens.</summary>
    /// <exception cref="IOException">The port is taken (the message names it).</exception>
    public static async Task<WebApp> StartAsync(WebAppOptions options, IWebServices services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        Directory.CreateDirectory(options.SessionsDirectory);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(WebApp).Assembly.GetName().Name, ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(options.Logging);
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(options.Host, options.Port);
            k.Limits.MaxRequestBodySize = options.MaxUploadBytes;
            k.AddServerHeader = false;
        });
        var app = builder.Build();
        var gate = new TokenGate(options.Token);
        app.Use(gate.InvokeAsync);
        app.Use(ProblemsAsLinesAsync);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20) });
        var runs = new PracticeEndpoints.Runs();
        app.MapGet("/static/{name}", (HttpContext context, string name) => StaticAssets.ServeAsync(context, name));
        PracticeEndpoints.Map(app, options, services, runs);
        ReportEndpoints.Map(app, options, runs);
        PromptEndpoints.Map(app, options, services);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new WebApp(app, new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal) + "/"), options.Token);
    }

    /// <summary>
    /// Waits until the app is stopped: Ctrl+C through <paramref name="cancellationToken"/> (then it throws
    /// <see cref="OperationCanceledException"/>), or the host stopping by itself, as it does on SIGTERM (`kill`, a
    /// service manager, a closed terminal): then it returns, so the caller's clean-up runs and the process exits.
    /// </summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _app.Lifetime.ApplicationStopping);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The host is stopping (SIGTERM): serving is over.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    /// <summary>A broken prompt file (or another input problem) is one line for the page, not a stack trace.</summary>
    private static async Task ProblemsAsLinesAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (e is PromptFileException or Core.Sessions.SessionFileException or BadHttpRequestException && !context.Response.HasStarted)
        {
            context.Response.StatusCode = e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status422UnprocessableEntity;
            await context.Response.WriteAsJsonAsync(new { error = e.Message }, context.RequestAborted);
        }
    }
}
