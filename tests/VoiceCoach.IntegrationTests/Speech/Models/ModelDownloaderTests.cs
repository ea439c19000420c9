using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using VoiceCoach.IntegrationTests.Http;
using VoiceCoach.Speech.Models;

namespace VoiceCoach.IntegrationTests.Speech.Models;

/// <summary>The downloader against a real loopback HTTP server serving a file.</summary>
public sealed class ModelDownloaderTests : IDisposable
{
    private static readonly ModelDownloaderOptions FastRetries = new() { MaxRetries = 2, RetryDelay = TimeSpan.FromMilliseconds(20) };

    private readonly string _dir = Directory.CreateTempSubdirectory("vc-download-").FullName;
    private readonly byte[] _bytes = RandomNumberGenerator.GetBytes(300_000);
    private readonly HttpClient _http = new();

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Download_FreshFile_VerifiesBothHashesAndRenamesIntoPlace()
    {
        await using var server = await LoopbackServer.StartAsync((c, _) => FileServing.ServeAsync(c, _bytes));
        var entry = EntryFor(_bytes);

        var result = await Downloader().DownloadAsync(entry, ModelDownloader.UrlFor(entry, server.Url.ToString()), _dir, null, CancellationToken.None);

        Assert.Equal(Path.Combine(_dir, "ggml-test.en.bin"), result.Path);
        Assert.Equal(_bytes, File.ReadAllBytes(result.Path));
        Assert.False(File.Exists(result.Path + ".part"));
        Assert.True(result.CheckedSha256 && result.CheckedSha1);
        Assert.Equal(entry.Sha256, result.Sha256);
        Assert.Equal(0, result.ResumedFrom);
        Assert.Equal("/ggml-test.en.bin", Assert.Single(server.Requests).Path);
    }

    [Fact]
    public async Task Download_PartFileExists_ResumesWithARangeRequestAndFetchesOnlyTheRest()
    {
        // Set once the handler has finished: the client can have read every byte before the handler's last line runs.
        var sent = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(async (c, _) =>
        {
            await FileServing.ServeAsync(c, _bytes);
            sent.TrySetResult(c.Response.ContentLength ?? -1);
        });
        var entry = EntryFor(_bytes);
        File.WriteAllBytes(ModelDownloader.PartPath(entry, _dir), _bytes[..100_000]);

        var result = await Downloader().DownloadAsync(entry, ModelDownloader.UrlFor(entry, server.Url.ToString()), _dir, null, CancellationToken.None);

        Assert.Equal("bytes=100000-", Assert.Single(server.Requests).Headers["Range"]);
        Assert.Equal(200_000, await sent.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(100_000, result.ResumedFrom);
        Assert.False(result.RangeIgnored);
        Assert.Equal(_bytes, File.ReadAllBytes(result.Path));
    }

    [Fact]
    public async Task Download_ServerIgnoresRange_StartsOverFromZeroCleanly()
    {
        await using var server = await LoopbackServer.StartAsync((c, _) => FileServing.ServeAsync(c, _bytes, honourRange: false));
        var entry = EntryFor(_bytes);
        // A stale part that does not even match the file: appending to it would corrupt the model.
        File.WriteAllBytes(ModelDownloader.PartPath(entry, _dir), new byte[100_000]);

        var result = await Downloader().DownloadAsync(entry, ModelDownloader.UrlFor(entry, server.Url.ToString()), _dir, null, CancellationToken.None);

        Assert.True(server.Requests.Single().Headers.ContainsKey("Range"));
        Assert.True(result.RangeIgnored);
        Assert.Equal(0, result.ResumedFrom);
        Assert.Equal(_bytes, File.ReadAllBytes(result.Path));
    }

    [Fact]
    public async Task Download_HashMismatch_DeletesThePartAndNamesFileAndFix()
    {
        await using var server = await LoopbackServer.StartAsync((c, _) => FileServing.ServeAsync(c, _bytes));
        var entry = EntryFor(_bytes) with { Sha256 = Convert.ToHexStringLower(SHA256.HashData([1, 2, 3])) };

        var ex = await Assert.ThrowsAsync<ModelDownloadException>(() => Downloader().DownloadAsync(entry, ModelDownloader.UrlFor(entry, server.Url.ToString()), _dir, null, CancellationToken.None));

        Assert.Contains("ggml-test.en.bin", ex.Message, StringComparison.Ordinal);
        Assert.Contains("sha256 mismatch", ex.Message, StringComparison.Ordinal);
        Assert.Contains("run the command again", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task Download_Sha1Mismatch_IsCaughtWhenOnlySha1IsPublished()
    {
        await using var server = await LoopbackServer.StartAsync((c, _) => FileServing.ServeAsync(c, _bytes));
        var entry = EntryFor(_bytes) with { Sha256 = null, Sha1 = Convert.ToHexStringLower(SHA1.HashData([1, 2, 3])) };

        var ex = await Assert.ThrowsAsync<ModelDownloadException>(() => Downloader().DownloadAsync(entry, ModelDownloader.UrlFor(entry, server.Url.ToString()), _dir, null, CancellationToken.None));

        Assert.Contains("sha1 mismatch", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task Download_NoPublishedHash_ChecksSizeOnlyAndReturnsTheSha256()
    {
        await using var server = await LoopbackServer.StartAsync((c, _) => FileServing.ServeAsync(c, _bytes));
        var entry = EntryFor(_bytes) with { Sha256 = null, Sha1 = null };

        var result = await Downloader().DownloadAsync(entry, ModelDownloader.UrlFor(entry, server.Url.ToString()), _dir, null, CancellationToken.None);

        Assert.True(result.SizeOnly);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(_bytes)), result.Sha256);
    }

    [Fact]
    public async Task Download_NotFound_FailsAtOnceNamingTheUrl()
    {
        await using var server = await LoopbackServer.StartAsync((c, _) =>
        {
            c.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        var entry = EntryFor(_bytes);
        var url = ModelDownloader.UrlFor(entry, server.Url.ToString());

        var ex = await Assert.ThrowsAsync<ModelDownloadException>(() => Downloader().DownloadAsync(entry, url, _dir, null, CancellationToken.None));

        Assert.StartsWith($"{url}: not found (HTTP 404)", ex.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
        Assert.False(File.Exists(Path.Combine(_dir, entry.FileName)));
    }

    [Fact]
    public async Task Download_NothingListens_RetriesThenSaysItCannotConnect()
    {
        var entry = EntryFor(_bytes);
        var url = ModelDownloader.UrlFor(entry, $"http://127.0.0.1:{LoopbackServer.DeadPort()}/models");

        var ex = await Assert.ThrowsAsync<ModelDownloadException>(() => Downloader().DownloadAsync(entry, url, _dir, null, CancellationToken.None));

        Assert.StartsWith($"{url}: cannot connect", ex.Message, StringComparison.Ordinal);
        Assert.Contains("gave up after 3 attempts", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_ConnectionDropsMidway_RetriesAndResumesFromWhatArrived()
    {
        await using var server = await LoopbackServer.StartAsync((c, n) => FileServing.ServeAsync(c, _bytes, stopAfter: n == 0 ? 120_000 : null));
        var entry = EntryFor(_bytes);

        var result = await Downloader().DownloadAsync(entry, ModelDownloader.UrlFor(entry, server.Url.ToString()), _dir, null, CancellationToken.None);

        Assert.Equal(_bytes, File.ReadAllBytes(result.Path));
        var requests = server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.False(requests[0].Headers.ContainsKey("Range"));
        Assert.StartsWith("bytes=", requests[1].Headers["Range"], StringComparison.Ordinal);
        Assert.NotEqual("bytes=0-", requests[1].Headers["Range"]);
    }

    [Fact]
    public async Task Download_Cancelled_KeepsThePartAndTheNextRunResumesIt()
    {
        await using var server = await LoopbackServer.StartAsync(async (c, n) =>
        {
            if (n > 0)
            {
                await FileServing.ServeAsync(c, _bytes);
                return;
            }

            // First request: half the file, then hang until the client goes away.
            c.Response.ContentLength = _bytes.Length;
            await c.Response.Body.WriteAsync(_bytes.AsMemory(0, 150_000));
            await c.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, c.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        var entry = EntryFor(_bytes);
        var url = ModelDownloader.UrlFor(entry, server.Url.ToString());
        using var cts = new CancellationTokenSource();
        var progress = new Inline(p =>
        {
            if (p.BytesDone >= 100_000)
            {
                cts.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Downloader().DownloadAsync(entry, url, _dir, progress, cts.Token));

        var part = ModelDownloader.PartPath(entry, _dir);
        var kept = new FileInfo(part).Length;
        Assert.InRange(kept, 100_000, 150_000);
        Assert.Equal(_bytes[..(int)kept], File.ReadAllBytes(part));
        Assert.False(File.Exists(Path.Combine(_dir, entry.FileName)));

        var result = await Downloader().DownloadAsync(entry, url, _dir, null, CancellationToken.None);

        Assert.Equal(kept, result.ResumedFrom);
        Assert.Equal(_bytes, File.ReadAllBytes(result.Path));
    }

    [Fact]
    public async Task Download_DiskFull_SaysSoAndKeepsWhatWasWritten()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // /dev/full is how a full disk is made without root; it exists on Linux only.
        }

        await using var server = await LoopbackServer.StartAsync((c, _) => FileServing.ServeAsync(c, _bytes));
        var entry = EntryFor(_bytes);
        File.CreateSymbolicLink(ModelDownloader.PartPath(entry, _dir), "/dev/full");

        var ex = await Assert.ThrowsAsync<ModelDownloadException>(() => Downloader().DownloadAsync(entry, ModelDownloader.UrlFor(entry, server.Url.ToString()), _dir, null, CancellationToken.None));

        Assert.Contains("ggml-test.en.bin.part: the disk is full", ex.Message, StringComparison.Ordinal);
        Assert.Contains("free some space", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_ServerOffersAnotherSize_FailsBeforeDownloading()
    {
        await using var server = await LoopbackServer.StartAsync((c, _) => FileServing.ServeAsync(c, _bytes));
        var entry = EntryFor(_bytes) with { SizeBytes = 123 };

        var ex = await Assert.ThrowsAsync<ModelDownloadException>(() => Downloader().DownloadAsync(entry, ModelDownloader.UrlFor(entry, server.Url.ToString()), _dir, null, CancellationToken.None));

        Assert.Contains("the server offers 300000 bytes but ggml-test.en.bin is 123 bytes", ex.Message, StringComparison.Ordinal);
    }

    private static ModelCatalogEntry EntryFor(byte[] bytes) =>
        new("test.en", bytes.Length, "300 kB", Convert.ToHexStringLower(SHA256.HashData(bytes)), Convert.ToHexStringLower(SHA1.HashData(bytes)));

    private ModelDownloader Downloader() => new(_http, FastRetries);

    private sealed class Inline(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}
