using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;

namespace VoiceCoach.Tests.Web;

/// <summary>
/// `voicecoach serve` on loopback: nothing without the token (pages, API, WebSocket), no request path outside the
/// sessions and prompts folders (plain, encoded, doubly encoded), size-bounded frames and uploads.
/// </summary>
public sealed class WebSecurityTests : IAsyncLifetime
{
    private WebHarness _web = null!;

    public async Task InitializeAsync() => _web = await WebHarness.StartAsync();

    public async Task DisposeAsync() => await _web.DisposeAsync();

    [Theory]
    [InlineData("/")]
    [InlineData("/progress")]
    [InlineData("/prompts")]
    [InlineData("/api/sessions")]
    [InlineData("/api/prompts/file?path=rubric.yaml")]
    [InlineData("/static/practice.js")]
    [InlineData("/sessions/x/report")]
    public async Task Get_WithoutTheToken_Is401(string path)
    {
        using var response = await _web.Anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("rubric", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Get_WithAWrongToken_Is401()
    {
        using var response = await _web.Anonymous.GetAsync("/api/sessions?token=" + new string('x', _web.App.Token.Length));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Get_TheLinkWithTheToken_ServesThePageAndSetsAStrictCookieThatOpensTheRest()
    {
        using var page = await _web.Anonymous.GetAsync(_web.App.Link);
        var cookie = Assert.Single(page.Headers.GetValues("Set-Cookie"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/sessions");
        request.Headers.Add("Cookie", cookie.Split(';')[0]);
        using var api = await _web.Anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("data-testid=\"start\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }

    [Fact]
    public async Task WebSocket_WithoutTheToken_Is401()
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        var uri = new Uri($"ws://127.0.0.1:{_web.App.Address.Port}/ws/practice/anything");

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(uri, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
    }

    [Theory]
    [InlineData("/sessions/s1/files/../../secret.txt")]
    [InlineData("/sessions/s1/files/..%2F..%2Fsecret.txt")]
    [InlineData("/sessions/s1/files/%2e%2e/%2e%2e/secret.txt")]
    [InlineData("/sessions/s1/files/%252e%252e%252f%252e%252e%252fsecret.txt")]
    [InlineData("/sessions/s1/files/..%5C..%5Csecret.txt")]
    [InlineData("/sessions/..%2F/files/secret.txt")]
    [InlineData("/sessions/%2e%2e/report")]
    [InlineData("/sessions/s1/files/%2Fetc%2Fpasswd")]
    [InlineData("/api/prompts/file?path=../secret.txt")]
    [InlineData("/api/prompts/file?path=..%2Fsecret.txt")]
    [InlineData("/api/prompts/file?path=%252e%252e%252fsecret.txt")]
    [InlineData("/api/prompts/file?path=/etc/passwd")]
    [InlineData("/api/prompts/file?path=companies/../../secret.txt")]
    [InlineData("/static/..%2F..%2Fsecret.txt")]
    public async Task Get_PathOutsideTheSessionsAndPromptsFolders_IsRefused(string path)
    {
        Directory.CreateDirectory(Path.Combine(_web.Sessions, "s1", "answers"));

        var (status, body) = await _web.RawGetAsync(path);

        Assert.True(status is 400 or 404, $"{path}: {status}");
        Assert.DoesNotContain("the secret", body, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_AFileInsideTheSession_IsServed()
    {
        Directory.CreateDirectory(Path.Combine(_web.Sessions, "s1", "answers"));
        await File.WriteAllTextAsync(Path.Combine(_web.Sessions, "s1", "q01-timeline.svg"), "<svg/>");

        var (status, body) = await _web.RawGetAsync("/sessions/s1/files/q01-timeline.svg");

        Assert.Equal(200, status);
        Assert.Equal("<svg/>", body);
    }

    [Fact]
    public async Task Put_AnUploadOverTheLimit_Is413AndWritesNothing()
    {
        var before = await File.ReadAllTextAsync(Path.Combine(_web.Prompts, "rubric.yaml"));

        using var response = await _web.Client.PutAsJsonAsync("/api/prompts/file", new { path = "rubric.yaml", content = new string('#', 2 * 1024 * 1024) });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(before, await File.ReadAllTextAsync(Path.Combine(_web.Prompts, "rubric.yaml")));
    }

    [Fact]
    public async Task WebSocket_AFrameOverTheLimit_ClosesWithMessageTooBig()
    {
        var id = await WebPractice.CreateSessionAsync(_web, 1);
        using var socket = await WebPractice.ConnectAsync(_web, id, handsFree: true);

        await socket.SendAsync(new byte[100 * 1024], WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
        var status = await WebPractice.DrainUntilClosedAsync(socket);

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, status);
    }

    [Fact]
    public async Task WebSocket_AFrameThatIsNotWholeSamples_ClosesWithInvalidPayload()
    {
        var id = await WebPractice.CreateSessionAsync(_web, 1);
        using var socket = await WebPractice.ConnectAsync(_web, id, handsFree: true);

        await socket.SendAsync(new byte[641], WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
        var status = await WebPractice.DrainUntilClosedAsync(socket);

        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, status);
    }
}
