using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VoiceCoach.IntegrationTests.Http;

/// <summary>What the server saw of one request.</summary>
internal sealed record SeenRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, IReadOnlyDictionary<string, List<string>> Form, byte[]? File, string? FileName, string? FileContentType);

/// <summary>
/// A real Kestrel server on 127.0.0.1 and a free port, answering with a scripted handler and
/// recording every request (headers, form fields, the uploaded file).
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The server's base URL, e.g. http://127.0.0.1:41234.</summary>
    public Uri Url { get; }

    public ConcurrentQueue<SeenRequest> Requests { get; } = new();

    /// <summary>Starts a server; <paramref name="handler"/> gets the request number (0 based).</summary>
    public static async Task<LoopbackServer> StartAsync(Func<HttpContext, int, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        LoopbackServer? server = null;
        var count = -1;
        app.Run(async context =>
        {
            var n = Interlocked.Increment(ref count);
            server!.Requests.Enqueue(await RecordAsync(context.Request));
            await handler(context, n);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new LoopbackServer(app, new Uri(address));
        return server;
    }

    /// <summary>A port nothing listens on (bound and released), for connection-refused tests.</summary>
    public static int DeadPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Stops listening (later requests are refused); dispose still cleans up.</summary>
    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task<SeenRequest> RecordAsync(HttpRequest request)
    {
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var form = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        byte[]? file = null;
        string? fileName = null, contentType = null;
        if (request.HasFormContentType)
        {
            var data = await request.ReadFormAsync();
            foreach (var field in data)
            {
                form[field.Key] = field.Value.Select(v => v ?? string.Empty).ToList();
            }

            if (data.Files.GetFile("file") is { } upload)
            {
                using var buffer = new MemoryStream();
                await upload.CopyToAsync(buffer);
                file = buffer.ToArray();
                fileName = upload.FileName;
                contentType = upload.ContentType;
            }
        }

        return new SeenRequest(request.Method, request.Path.Value ?? string.Empty, headers, form, file, fileName, contentType);
    }
}
