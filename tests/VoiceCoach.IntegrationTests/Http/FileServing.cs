using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;

namespace VoiceCoach.IntegrationTests.Http;

/// <summary>Serves bytes the way a download host does: honouring a Range request (206) or not (200).</summary>
internal static class FileServing
{
    public static async Task ServeAsync(HttpContext context, byte[] bytes, bool honourRange = true, int? stopAfter = null)
    {
        var from = 0L;
        if (honourRange && RangeHeaderValue.TryParse(context.Request.Headers.Range.ToString(), out var range)
            && range.Ranges.FirstOrDefault() is { From: { } start } && start < bytes.Length)
        {
            from = start;
            context.Response.StatusCode = StatusCodes.Status206PartialContent;
            context.Response.Headers.ContentRange = $"bytes {from}-{bytes.Length - 1}/{bytes.Length}";
        }

        context.Response.ContentLength = bytes.Length - from;
        context.Response.ContentType = "application/octet-stream";
        var end = stopAfter is { } stop ? Math.Min(bytes.Length, from + stop) : bytes.Length;
        await context.Response.Body.WriteAsync(bytes.AsMemory((int)from, (int)(end - from)));
        if (end < bytes.Length)
        {
            // Drop the connection mid-body, as a flaky network does.
            await context.Response.Body.FlushAsync();
            context.Abort();
        }
    }
}
