using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Sessions;
using VoiceCoach.Grading;
using VoiceCoach.Grading.Reports;
using VoiceCoach.Web.Pages;
using VoiceCoach.Web.Security;

namespace VoiceCoach.Web.Prompts;

/// <summary>
/// The coach's page: view and edit rubric.yaml, company packs, question banks and grading prompts, with `prompts
/// check` errors at their line; re-grade a saved session (with the saved prompts or the drafts) and see what changed per
/// answer before saving the new grading (the earlier one is kept under gradings/, as `regrade` does).
/// </summary>
internal static class PromptEndpoints
{
    public sealed record RegradeRequest(IReadOnlyList<PromptDraft>? Drafts);

    /// <summary>A re-grading shown to the coach, not saved yet.</summary>
    private sealed record Preview(string Directory, GradedSession Session, CompanyPack Company);

    public static void Map(IEndpointRouteBuilder app, WebAppOptions options, IWebServices services)
    {
        var files = new PromptFiles(options.PromptsDirectory, services.Semantic, options.Time);
        var previews = new ConcurrentDictionary<string, Preview>(StringComparer.Ordinal);
        app.MapGet("/prompts", context => StaticAssets.ServeAsync(context, "prompts.html"));
        app.MapGet("/api/prompts", () => Results.Json(new { folder = options.PromptsDirectory, files = files.List() }));
        app.MapGet("/api/prompts/file", (string? path) => files.Resolve(path) is { } full
            ? Results.Json(new { path, content = File.ReadAllText(full) })
            : Results.NotFound(new { error = $"{path}: not a file the coach edits here" }));
        app.MapPost("/api/prompts/check", async (PromptDraft draft, CancellationToken ct) => Results.Json(new { problems = await files.CheckAsync([draft], ct) }));
        app.MapPut("/api/prompts/file", async (PromptDraft draft, CancellationToken ct) =>
        {
            if (files.Resolve(draft.Path) is null)
            {
                return Results.NotFound(new { error = $"{draft.Path}: not a file the coach edits here" });
            }

            var (problems, previous) = await files.SaveAsync(draft, ct);
            return problems.Count > 0
                ? Results.UnprocessableEntity(new { problems })
                : Results.Json(new { saved = draft.Path, previous });
        });
        app.MapPost("/api/sessions/{id}/regrade", (string id, RegradeRequest request, CancellationToken ct) => RegradeAsync(options, services, files, previews, id, request, ct));
        app.MapPost("/api/sessions/{id}/regrade/{preview}/save", (string id, string preview) =>
        {
            if (!previews.TryRemove(preview, out var p) || SafePaths.SessionFolder(options.SessionsDirectory, id) is not { } dir || p.Directory != dir)
            {
                return Results.NotFound(new { error = "that re-grading is no longer there; run it again" });
            }

            // Under the folder's lock, the earlier grading kept under gradings/ first, as `regrade` does.
            var written = SessionFolder.Save(p.Session, p.Company, dir, ExistingSession.Archive, options.Time, shown: id);
            return Results.Json(new { saved = id, earlier = written.ArchivedAs, report = $"/sessions/{Uri.EscapeDataString(id)}/report" });
        });
    }

    private static async Task<IResult> RegradeAsync(
        WebAppOptions options, IWebServices services, PromptFiles files, ConcurrentDictionary<string, Preview> previews, string id, RegradeRequest request, CancellationToken ct)
    {
        var dir = SafePaths.SessionFolder(options.SessionsDirectory, id);
        var json = dir is null ? null : Path.Combine(dir, SessionFolder.JsonName);
        if (json is null || !File.Exists(json))
        {
            return Results.NotFound(new { error = $"{id}: no graded session there" });
        }

        using var copy = await files.CopyWithAsync(request.Drafts ?? [], ct);
        if (copy.Prompts is not { } prompts)
        {
            return Results.UnprocessableEntity(new { problems = copy.Problems });
        }

        var library = prompts.Library;
        SavedSession saved;
        SessionOverview before;
        await using (var stream = File.OpenRead(json))
        {
            saved = SessionJsonReader.Read(stream, Path.Combine(id, SessionFolder.JsonName), library.Questions);
        }

        await using (var stream = File.OpenRead(json))
        {
            before = SessionOverview.Read(stream, id, json);
        }

        var pack = library.Company(saved.Company);
        using var graders = await services.CreateGradersAsync(library, pack, saved.Id, ct);
        var now = await graders.Session.GradeAsync(saved.Id, saved.Answers, ct);
        var key = Guid.NewGuid().ToString("N");
        previews[key] = new Preview(dir!, now, pack);
        return Results.Json(new
        {
            preview = key,
            drafts = (request.Drafts ?? []).Select(d => d.Path),
            average = new { before = before.AverageGrade, now = now.Summary.AverageGrade },
            answers = GradingChanges.Compare(saved, now),
            notices = now.Notices,
        });
    }
}
