using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Questions;
using VoiceCoach.Grading.Reports;
using VoiceCoach.Practice;
using VoiceCoach.Web.Pages;
using VoiceCoach.Web.Security;

namespace VoiceCoach.Web.Practice;

/// <summary>The practice page, its API (plan a session, list sessions) and the WebSocket a session runs over.</summary>
internal static class PracticeEndpoints
{
    /// <summary>Sessions practised (or being practised) through this server, by id.</summary>
    internal sealed class Runs
    {
        private readonly ConcurrentDictionary<string, PracticeRun> _runs = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, byte> _active = new(StringComparer.Ordinal);

        public PracticeRun? Find(string id) => _runs.TryGetValue(id, out var run) ? run : null;

        public bool TryBegin(string id, PracticeRun run)
        {
            if (!_active.TryAdd(id, 0))
            {
                return false;
            }

            _runs[id] = run;
            return true;
        }

        public void End(string id) => _active.TryRemove(id, out _);
    }

    public sealed record NewSession(string? Company, string? Round, int? Count);

    public sealed record PageLatency(double Ms);

    public static void Map(IEndpointRouteBuilder app, WebAppOptions options, IWebServices services, Runs runs)
    {
        app.MapGet("/", context => StaticAssets.ServeAsync(context, "practice.html"));
        app.MapGet("/api/options", () =>
        {
            var library = PromptLibrary.Load(options.PromptsDirectory);
            return Results.Json(new
            {
                companies = library.Companies.Select(c => new { id = c.Id, name = c.Name }).OrderBy(c => c.name, StringComparer.Ordinal),
                rounds = Rounds.All.Where(r => library.Questions.InRound(r).Any()),
                waitForSpeech = new ListeningOptions().SpeechStartTimeout.TotalSeconds,
                voice = services.Voice?.Name,
            });
        });
        app.MapGet("/api/sessions", () => Results.Json(SessionList.Read(options.SessionsDirectory)));
        app.MapPost("/api/sessions", (NewSession request) => Create(options, request));
        app.Map("/ws/practice/{id}", (HttpContext context, string id) => RunAsync(context, id, options, services, runs));
        app.MapGet("/api/sessions/{id}/voice/{clip}", (string id, string clip) =>
            runs.Find(id)?.Speaker.Clip(clip) is { } wav ? Results.File(wav, "audio/wav") : Results.NotFound());
        app.MapPost("/api/sessions/{id}/page-latency", (string id, PageLatency latency) => RecordLatency(runs, options, id, latency));
    }

    private static IResult Create(WebAppOptions options, NewSession request)
    {
        var library = PromptLibrary.Load(options.PromptsDirectory);
        var count = request.Count ?? 5;
        if (count is < 1 or > 20)
        {
            return Results.BadRequest(new { error = "count: give between 1 and 20 questions" });
        }

        var id = SessionFolder.NewId(options.Time);
        var dir = Path.Combine(options.SessionsDirectory, id);
        for (var n = 2; Directory.Exists(dir); n++)
        {
            id = string.Create(CultureInfo.InvariantCulture, $"{SessionFolder.NewId(options.Time)}-{n}");
            dir = Path.Combine(options.SessionsDirectory, id);
        }

        try
        {
            var company = request.Company ?? library.Companies.First().Id;
            library.Company(company);
            var plan = PracticePlanner.Plan(library, new PlanRequest
            {
                Questions = new QuestionRequest
                {
                    Round = request.Round ?? Rounds.Recruiter,
                    Count = count,
                    Company = company,
                    Recent = PracticePlanner.RecentQuestionIds(options.SessionsDirectory),
                },
                Count = count,
                WorkingDirectory = options.SessionsDirectory,
            });
            plan.State.Id = id;
            plan.State.Started = options.Time.GetLocalNow();
            PracticePlanner.Create(plan.State, dir);
            return Results.Json(new { id, questions = plan.State.Items.Count, note = plan.Note });
        }
        catch (Exception e) when (e is PracticePlanException or PromptFileException)
        {
            return Results.BadRequest(new { error = e.Message });
        }
    }

    private static async Task RunAsync(HttpContext context, string id, WebAppOptions options, IWebServices services, Runs runs)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var dir = SafePaths.SessionFolder(options.SessionsDirectory, id);
        if (dir is null || !File.Exists(Path.Combine(dir, PracticeState.FileName)))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var query = context.Request.Query;
        var choices = new RunChoices(
            HandsFree: query["handsFree"] == "true",
            FollowUps: int.TryParse(query["followUps"], CultureInfo.InvariantCulture, out var f) ? Math.Clamp(f, 0, 3) : 0,
            CutIn: query["cutIn"] != "false",
            WaitForSpeech: TimeSpan.FromSeconds(double.TryParse(query["wait"], CultureInfo.InvariantCulture, out var w) ? Math.Clamp(w, 2, 120) : 8));
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var run = new PracticeRun(id, dir, socket, options, services);
        if (!runs.TryBegin(id, run))
        {
            await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.PolicyViolation, "this session is already being practised in another tab", CancellationToken.None);
            return;
        }

        try
        {
            // Not the request's token: a page that goes away must not cancel the grading of what was said.
            await run.RunAsync(choices, CancellationToken.None);
        }
        finally
        {
            runs.End(id);
        }
    }

    /// <summary>The page measured when the report appeared after the last answer: kept in session.json and the report.</summary>
    private static IResult RecordLatency(Runs runs, WebAppOptions options, string id, PageLatency latency)
    {
        if (runs.Find(id) is not { Result: { } session, Company: { } company } run || !double.IsFinite(latency.Ms) || latency.Ms is < 0 or > 3_600_000)
        {
            return Results.NotFound();
        }

        var dir = SafePaths.SessionFolder(options.SessionsDirectory, id)!;
        var timings = new Dictionary<string, double>(session.Timings) { ["page_latency_ms"] = Math.Round(latency.Ms, 1) };
        var updated = session with { Timings = timings };
        SessionFolder.Write(updated, company, dir);
        run.Update(updated);
        return Results.NoContent();
    }
}
