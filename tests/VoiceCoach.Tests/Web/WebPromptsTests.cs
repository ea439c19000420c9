using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VoiceCoach.Grading.Reports;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Web;

/// <summary>The coach's page: prompt edits checked before they are written (at their line), written atomically with the previous file kept; re-grading previewed per answer before it is saved.</summary>
public sealed class WebPromptsTests : IAsyncLifetime
{
    private WebHarness _web = null!;

    public async Task InitializeAsync() => _web = await WebHarness.StartAsync();

    public async Task DisposeAsync() => await _web.DisposeAsync();

    private string Rubric => Path.Combine(_web.Prompts, "rubric.yaml");

    [Fact]
    public async Task List_TheCoachEditableFiles_RubricFirstThenPacksBanksAndGradingPrompts()
    {
        var json = await _web.Client.GetFromJsonAsync<JsonElement>("/api/prompts");

        var files = json.GetProperty("files").EnumerateArray().Select(f => f.GetString()).ToList();
        Assert.Equal("rubric.yaml", files[0]);
        Assert.Contains("companies/netflix.yaml", files);
        Assert.Contains("grading/answer-feedback.yaml", files);
        Assert.Contains(files, f => f!.StartsWith("questions/", StringComparison.Ordinal));
        Assert.DoesNotContain(files, f => f!.StartsWith("eval/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_ABrokenEdit_NamesTheFileAndLine()
    {
        var lines = (await File.ReadAllTextAsync(Rubric)).Split('\n');
        var at = Array.FindIndex(lines, l => l.TrimStart().StartsWith("grace_seconds:", StringComparison.Ordinal));
        lines[at] = "  grace_seconds: plenty";

        using var response = await _web.Client.PostAsJsonAsync("/api/prompts/check", new { path = "rubric.yaml", content = string.Join('\n', lines) });

        var problem = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems")[0];
        Assert.Equal("rubric.yaml", problem.GetProperty("file").GetString());
        Assert.InRange(problem.GetProperty("line").GetInt64(), at + 1, at + 2);
        Assert.Contains("rubric.yaml:", problem.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Save_AnEditThatBreaksAGradingRule_Is422AndWritesNothing()
    {
        var before = await File.ReadAllTextAsync(Rubric);
        var broken = before.Replace("too_long_ratio: 1.25", "too_long_ratio: [oops", StringComparison.Ordinal);

        using var response = await _web.Client.PutAsJsonAsync("/api/prompts/file", new { path = "rubric.yaml", content = broken });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(before, await File.ReadAllTextAsync(Rubric));
        Assert.False(Directory.Exists(Path.Combine(_web.Prompts, ".history")));
    }

    [Fact]
    public async Task Save_AValidEdit_WritesItAndKeepsThePreviousFile()
    {
        var before = await File.ReadAllTextAsync(Rubric);
        var edited = before.Replace("grace_seconds: 5", "grace_seconds: 4", StringComparison.Ordinal);

        using var response = await _web.Client.PutAsJsonAsync("/api/prompts/file", new { path = "rubric.yaml", content = edited });

        response.EnsureSuccessStatusCode();
        var previous = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("previous").GetString()!;
        Assert.StartsWith(".history/rubric.yaml.", previous, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(Path.Combine(_web.Prompts, previous)));
        Assert.Equal(edited, await File.ReadAllTextAsync(Rubric));
        Assert.Empty(Directory.GetFiles(_web.Prompts, "*.tmp"));
    }

    [Fact]
    public async Task Save_AFileThatIsNotAPromptFile_Is404()
    {
        using var response = await _web.Client.PutAsJsonAsync("/api/prompts/file", new { path = "../secret.txt", content = "x" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("the secret", await File.ReadAllTextAsync(_web.Secret));
    }

    [Fact]
    public async Task Regrade_WithADraft_ShowsWhatChangesPerAnswerAndWritesOnlyWhenSaved()
    {
        var session = await TypedSessions.MixedAsync();
        var dir = Path.Combine(_web.Sessions, "typed");
        SessionFolder.Write(session, TestLibrary.Library.Company("netflix"), dir);
        var saved = await File.ReadAllTextAsync(Path.Combine(dir, "session.json"));
        // A stricter rubric: no grace past the target length.
        var draft = (await File.ReadAllTextAsync(Rubric)).Replace("grace_seconds: 5", "grace_seconds: 0", StringComparison.Ordinal);

        using var preview = await _web.Client.PostAsJsonAsync("/api/sessions/typed/regrade", new { drafts = new[] { new { path = "rubric.yaml", content = draft } } });
        var json = await preview.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal(session.Answers.Count, json.GetProperty("answers").GetArrayLength());
        Assert.Equal(session.Summary.AverageGrade, json.GetProperty("average").GetProperty("before").GetString());
        Assert.Equal(saved, await File.ReadAllTextAsync(Path.Combine(dir, "session.json"))); // nothing written yet

        using var save = await _web.Client.PostAsync($"/api/sessions/typed/regrade/{json.GetProperty("preview").GetString()}/save", null);

        save.EnsureSuccessStatusCode();
        Assert.Equal(saved, await File.ReadAllTextAsync(Directory.GetFiles(Path.Combine(dir, "gradings"), "grading-1*.json").Single()));
    }

    [Fact]
    public async Task Progress_WithGradedSessions_ShowsTheChartAndEverySession()
    {
        var pack = TestLibrary.Library.Company("netflix");
        var sessions = await TypedSessions.ImprovingAsync();
        for (var i = 0; i < sessions.Count; i++)
        {
            SessionFolder.Write(sessions[i], pack, Path.Combine(_web.Sessions, $"s{i}"));
        }

        var page = await _web.Client.GetStringAsync("/progress");

        Assert.Contains("data-testid=\"progress-chart\"><svg", page, StringComparison.Ordinal);
        Assert.Contains("/sessions/s2/report", page, StringComparison.Ordinal);
        Assert.Contains("Practice Progress", page, StringComparison.Ordinal);
    }
}
