using Microsoft.Playwright;
using VoiceCoach.Testing;
using Xunit.Abstractions;

namespace VoiceCoach.IntegrationTests.Web;

/// <summary>The coach's page in Chromium: a broken edit is shown at its line and not written; a good one is saved and the previous file kept.</summary>
public sealed class BrowserPromptsTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly string _work = Directory.CreateTempSubdirectory("vc-browser-prompts-").FullName;

    public BrowserPromptsTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [ChromiumFact]
    public async Task Prompts_ABrokenEditThenAGoodOne_ShowsTheProblemAtItsLineThenSavesKeepingThePrevious()
    {
        var prompts = RepoPaths.CopyPrompts(Path.Combine(_work, "prompts"));

        var rubric = Path.Combine(prompts, "rubric.yaml");
        var original = await File.ReadAllTextAsync(rubric);
        var lines = original.Split('\n');
        var at = Array.FindIndex(lines, l => l.TrimStart().StartsWith("grace_seconds:", StringComparison.Ordinal));
        using var server = ServeProcess.Start(_work, _output, prompts);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(Chromium.Options("/dev/null"));
        var page = await browser.NewPageAsync();
        // Filling the whole rubric (about 45 KB) took more than Playwright's default 30 s action timeout with both cores
        // busy (CI-40, 2026-12-06); a bound, not a race: an idle machine fills it in well under a second.
        page.SetDefaultTimeout(180_000);
        await page.GotoAsync(new Uri(server.Link, "/prompts" + server.Link.Query).ToString());
        var editor = page.GetByTestId("prompt-editor");
        await Assertions.Expect(editor).ToHaveValueAsync(original, new() { Timeout = 60_000 });

        lines[at] = "  grace_seconds: plenty";
        await editor.FillAsync(string.Join('\n', lines));
        await page.GetByTestId("save").ClickAsync();
        var problem = page.GetByTestId("problem").First;
        await Assertions.Expect(problem).ToContainTextAsync("rubric.yaml:", new() { Timeout = 60_000 });
        var line = int.Parse((await problem.GetAttributeAsync("data-line"))!, System.Globalization.CultureInfo.InvariantCulture);
        if (Environment.GetEnvironmentVariable("VOICECOACH_SCREENSHOTS") is { Length: > 0 } dir)
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(dir, "5-prompts-problem.png"), FullPage = true });
        }

        Assert.InRange(line, at + 1, at + 2);
        Assert.Equal(original, await File.ReadAllTextAsync(rubric));

        lines[at] = "  grace_seconds: 4";
        await editor.FillAsync(string.Join('\n', lines));
        await page.GetByTestId("save").ClickAsync();
        // A save is checked as `prompts check` does, sample answer graded by the semantic layer: on a busy machine its
        // first use can take seconds (serve loads it at start, in the background).
        await Assertions.Expect(page.GetByText("the previous version is kept as .history/rubric.yaml.")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        Assert.Equal(string.Join('\n', lines), await File.ReadAllTextAsync(rubric));
        Assert.Equal(original, await File.ReadAllTextAsync(Directory.GetFiles(Path.Combine(prompts, ".history")).Single()));
    }
}
