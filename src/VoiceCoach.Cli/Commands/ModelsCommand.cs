using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Spectre.Console.Rendering;
using VoiceCoach.Cli.Hosting;
using VoiceCoach.Speech.Models;

namespace VoiceCoach.Cli.Commands;

/// <summary>`voicecoach models list [--json]` and `voicecoach models download NAME [--dir DIR] [--from URL] [--force]`.</summary>
internal static class ModelsCommand
{
    /// <summary>Overrides the download base URL (a mirror); --from wins.</summary>
    public const string BaseUrlVariable = "VOICECOACH_MODEL_BASE_URL";

    public static Command Create(CliServices services)
    {
        var command = new Command("models", "Whisper models: the known whisper.cpp models, which are present, and downloading them.");
        command.Subcommands.Add(CreateList(services));
        command.Subcommands.Add(CreateDownload(services));
        return command;
    }

    private static Option<string?> CatalogOption() => new("--catalog")
    {
        Description = "A model catalog YAML in the format of the built-in one (name, size, sha256, sha1), e.g. for a private mirror's models.",
    };

    private static Command CreateList(CliServices services)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON: every model with size, hashes and where it is present." };
        var catalogPath = CatalogOption();
        var command = new Command("list", "The known whisper.cpp models with size and SHA-256, and which are present (in $VOICECOACH_MODELS, models/ or next to the program).") { json, catalogPath };
        command.SetAction(parse =>
        {
            var catalog = LoadCatalog(services, parse.GetValue(catalogPath));
            var dirs = ModelLocator.Directories(services.WorkingDirectory).Distinct(StringComparer.Ordinal).Where(Directory.Exists).ToList();
            var rows = catalog.Entries.Select(e => (Entry: e, State: Locate(e, dirs))).ToList();
            var known = new HashSet<string>(catalog.Entries.Select(e => e.FileName), StringComparer.OrdinalIgnoreCase);
            var others = dirs.SelectMany(d => Directory.GetFiles(d, "ggml-*.bin")).Where(f => !known.Contains(Path.GetFileName(f))).Order(StringComparer.Ordinal).ToList();
            if (parse.GetValue(json))
            {
                services.Out.WriteLine(ListJson(rows, others, BaseUrl(null)));
                return ExitCodes.Success;
            }

            // Full hashes need about 130 columns; a narrower terminal gets their first 16 digits (--json has all).
            var fullHashes = services.Console.Profile.Width >= 130;
            var table = new Table().Border(TableBorder.Simple)
                .AddColumn("model").AddColumn(new TableColumn("size").RightAligned()).AddColumn("sha256").AddColumn("present");
            foreach (var (entry, state) in rows)
            {
                table.AddRow(
                    Markup.Escape(entry.Name),
                    Markup.Escape(entry.DiskSize),
                    entry.Sha256 is { } sha ? (fullHashes ? sha : sha[..16] + "…") : "[yellow]not published[/]",
                    Present(state, services.WorkingDirectory));
            }

            services.Console.Write(table);
            foreach (var other in others)
            {
                services.Console.MarkupLine($"[grey]also present, not in the catalog: {Markup.Escape(Relative(other, services.WorkingDirectory))}[/]");
            }

            if (!fullHashes)
            {
                services.Console.MarkupLine("[grey]sha256 shortened to fit the terminal; --json prints them in full.[/]");
            }

            var count = rows.Count(r => r.State.Path is not null && r.State.SizeMatches);
            services.Console.MarkupLine(Inv($"[grey]{count} of {rows.Count} present. Sizes and hashes as published for huggingface.co/ggerganov/whisper.cpp. Get one with: voicecoach models download base.en[/]"));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateDownload(CliServices services)
    {
        var name = new Argument<string>("name") { Description = "The model, e.g. base.en, small.en-q5_1, large-v3-turbo (see 'voicecoach models list')." };
        var dir = new Option<string?>("--dir") { Description = "The folder to put it in. Default: $VOICECOACH_MODELS, else the nearest models/ folder, else ./models." };
        var from = new Option<string?>("--from") { Description = $"Base URL holding ggml-NAME.bin files (a mirror). Default: ${BaseUrlVariable}, else {ModelCatalog.DefaultBaseUrl}." };
        var force = new Option<bool>("--force") { Description = "Download again even when the file is already there." };
        var catalogPath = CatalogOption();
        var command = new Command("download", "Download a whisper.cpp model with a progress bar: resumes a partial download, checks the size and published hashes, then moves it into place.") { name, dir, from, force, catalogPath };
        command.SetAction(async (parse, ct) =>
        {
            var catalog = LoadCatalog(services, parse.GetValue(catalogPath));
            var requested = parse.GetValue(name)!;
            var entry = catalog.Find(requested)
                ?? throw new CliUserException($"{requested}: not a known whisper.cpp model; 'voicecoach models list' shows them (e.g. base.en, small.en-q5_1, large-v3-turbo)");
            var directory = parse.GetValue(dir) is { } d ? Path.GetFullPath(d, services.WorkingDirectory) : ModelLocator.DownloadDirectory(services.WorkingDirectory);
            var target = Path.Combine(directory, entry.FileName);
            if (File.Exists(target) && !parse.GetValue(force))
            {
                var length = new FileInfo(target).Length;
                var note = entry.SizeBytes is { } size && size != length
                    ? Inv($"[yellow] but it is {length} bytes, not {size}: use --force to replace it[/]")
                    : " (use --force to download it again)";
                services.Console.MarkupLine($"{Markup.Escape(Relative(target, services.WorkingDirectory))} is already there{note}");
                return ExitCodes.Success;
            }

            var url = ModelDownloader.UrlFor(entry, BaseUrl(parse.GetValue(from)));
            var part = ModelDownloader.PartPath(entry, directory);
            var resumeFrom = File.Exists(part) ? new FileInfo(part).Length : 0;
            services.Console.MarkupLine(Inv($"Downloading [bold]{Markup.Escape(entry.FileName)}[/] ({Markup.Escape(entry.DiskSize)}) from {Markup.Escape(url.ToString())}"));
            if (resumeFrom > 0)
            {
                services.Console.MarkupLine(Inv($"[grey]Resuming from {Markup.Escape(ModelCatalog.FormatBytes(resumeFrom))} already in {Markup.Escape(Relative(part, services.WorkingDirectory))}[/]"));
            }

            using var http = CreateHttpClient();
            var downloader = new ModelDownloader(http, time: services.Time, logger: services.Logging.CreateLogger<ModelDownloader>());
            ModelDownloadResult result;
            try
            {
                result = services.Console.Profile.Capabilities.Interactive
                    ? await DownloadWithBarAsync(services, downloader, entry, url, directory, ct)
                    : await DownloadWithLinesAsync(services, downloader, entry, url, directory, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                if (File.Exists(part))
                {
                    services.Console.MarkupLine(Inv($"[yellow]{Markup.Escape(ModelCatalog.FormatBytes(new FileInfo(part).Length))} kept in {Markup.Escape(Relative(part, services.WorkingDirectory))}; run the same command to resume.[/]"));
                }

                throw;
            }

            Report(services, entry, result);
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<ModelDownloadResult> DownloadWithBarAsync(CliServices services, ModelDownloader downloader, ModelCatalogEntry entry, Uri url, string directory, CancellationToken ct)
    {
        var stats = new StatsColumn();
        ModelDownloadResult? result = null;
        await services.Console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn { Width = 20 }, new PercentageColumn(), stats, new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(entry.FileName), maxValue: entry.SizeBytes ?? 1);
                var progress = new SyncProgress(p =>
                {
                    stats.Latest = p;
                    if (p.TotalBytes is { } total)
                    {
                        task.IsIndeterminate = false;
                        task.MaxValue = total;
                        task.Value = p.BytesDone;
                    }
                    else
                    {
                        task.IsIndeterminate = true;
                    }

                    task.Description = p.Attempt > 1 && p.Stage != DownloadStage.Done
                        ? Markup.Escape(Inv($"{entry.FileName} (retry {p.Attempt - 1})"))
                        : Markup.Escape(entry.FileName);
                });
                result = await downloader.DownloadAsync(entry, url, directory, progress, ct);
                task.Value = task.MaxValue;
            });
        return result!;
    }

    private static async Task<ModelDownloadResult> DownloadWithLinesAsync(CliServices services, ModelDownloader downloader, ModelCatalogEntry entry, Uri url, string directory, CancellationToken ct)
    {
        // Redirected output: one plain line per tenth (or per 10 MB when the size is unknown), per retry and per stage.
        var lastStep = -1L;
        var lastAttempt = 1;
        var verifying = false;
        var progress = new SyncProgress(p =>
        {
            if (p.Attempt != lastAttempt)
            {
                lastAttempt = p.Attempt;
                services.Console.MarkupLine(Inv($"[yellow]retry {p.Attempt - 1}: {Markup.Escape(p.RetryReason ?? "failed")}[/]"));
            }

            if (p.Stage == DownloadStage.Verifying && !verifying)
            {
                verifying = true;
                services.Console.WriteLine(Inv($"{entry.FileName}: verifying {ModelCatalog.FormatBytes(p.BytesDone)}"));
                return;
            }

            if (p.Stage != DownloadStage.Downloading)
            {
                return;
            }

            var step = p.Fraction is { } f ? (long)Math.Floor(f * 10) : p.BytesDone / 10_000_000;
            if (step != lastStep)
            {
                lastStep = step;
                services.Console.WriteLine(Line(entry.FileName, p));
            }
        });
        return await downloader.DownloadAsync(entry, url, directory, progress, ct);
    }

    private static void Report(CliServices services, ModelCatalogEntry entry, ModelDownloadResult result)
    {
        var path = Markup.Escape(Relative(result.Path, services.WorkingDirectory));
        if (result.RangeIgnored)
        {
            services.Console.MarkupLine("[yellow]The server ignored the resume request (it sent the whole file), so the download started over.[/]");
        }

        if (result.SizeOnly)
        {
            services.Console.MarkupLine(Inv($"[green]Saved {path}[/] ({result.Bytes} bytes)."));
            services.Console.MarkupLine($"[yellow]No hash is published for {Markup.Escape(entry.Name)}: only the size was checked. Its sha256 is {result.Sha256}; compare it with the publisher's before trusting the file.[/]");
            return;
        }

        var checkedHashes = string.Join(" and ", new[] { result.CheckedSha256 ? "sha256" : null, result.CheckedSha1 ? "sha1" : null }.OfType<string>());
        services.Console.MarkupLine(Inv($"[green]Saved {path}[/] ({result.Bytes} bytes; size and {checkedHashes} match the published values)."));
        services.Console.MarkupLine($"[grey]sha256 {result.Sha256}[/]");
    }

    private static string Line(string fileName, DownloadProgress p)
    {
        var done = ModelCatalog.FormatBytes(p.BytesDone);
        var of = p.TotalBytes is { } t ? Inv($" of {ModelCatalog.FormatBytes(t)} ({p.Fraction!.Value * 100:0} %)") : string.Empty;
        var speed = p.BytesPerSecond > 0 ? Inv($", {ModelCatalog.FormatBytes((long)p.BytesPerSecond)}/s") : string.Empty;
        var eta = p.Remaining is { } r ? $", {Eta(r)} left" : string.Empty;
        return $"{fileName}: {done}{of}{speed}{eta}";
    }

    private static string Eta(TimeSpan remaining) => remaining.TotalHours >= 1
        ? Inv($"{(int)remaining.TotalHours}:{remaining.Minutes:00}:{remaining.Seconds:00}")
        : Inv($"{remaining.Minutes}:{remaining.Seconds:00}");

    private static ModelCatalog LoadCatalog(CliServices services, string? path)
    {
        if (path is null)
        {
            return ModelCatalog.Default;
        }

        var full = Path.GetFullPath(path, services.WorkingDirectory);
        if (!File.Exists(full))
        {
            throw new CliUserException($"{path}: catalog file not found");
        }

        using var reader = new StreamReader(full);
        return ModelCatalog.Load(reader, path);
    }

    private static string BaseUrl(string? from)
    {
        if (!string.IsNullOrWhiteSpace(from))
        {
            return from.Trim();
        }

        var env = Environment.GetEnvironmentVariable(BaseUrlVariable);
        return string.IsNullOrWhiteSpace(env) ? ModelCatalog.DefaultBaseUrl : env.Trim();
    }

    private static HttpClient CreateHttpClient()
    {
        // Redirects are followed (Hugging Face answers resolve/ URLs with a redirect to its CDN); the
        // downloader's own limits (response and stall timeouts) replace the client's 100 s total.
        var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("voicecoach");
        return http;
    }

    private static PresentState Locate(ModelCatalogEntry entry, List<string> dirs)
    {
        foreach (var dir in dirs)
        {
            var file = Path.Combine(dir, entry.FileName);
            if (File.Exists(file))
            {
                var length = new FileInfo(file).Length;
                return new PresentState(file, length, entry.SizeBytes is not { } size || size == length, null);
            }
        }

        var part = dirs.Select(d => Path.Combine(d, entry.FileName + ".part")).FirstOrDefault(File.Exists);
        return new PresentState(null, 0, false, part);
    }

    private static string Present(PresentState state, string workingDirectory)
    {
        if (state.Path is { } path)
        {
            var where = Markup.Escape(Relative(path, workingDirectory));
            return state.SizeMatches ? $"[green]yes[/] {where}" : Inv($"[yellow]{where} is {state.Length} bytes: incomplete or a different file[/]");
        }

        return state.Part is { } part
            ? Inv($"[grey]partial: {Markup.Escape(ModelCatalog.FormatBytes(new FileInfo(part).Length))} in {Markup.Escape(Relative(part, workingDirectory))} (download resumes)[/]")
            : "[grey]no[/]";
    }

    private static string ListJson(List<(ModelCatalogEntry Entry, PresentState State)> rows, List<string> others, string baseUrl)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("base_url", baseUrl);
            w.WriteStartArray("models");
            foreach (var (entry, state) in rows)
            {
                w.WriteStartObject();
                w.WriteString("name", entry.Name);
                w.WriteString("file", entry.FileName);
                WriteNullable(w, "size", entry.SizeBytes);
                w.WriteString("disk", entry.DiskSize);
                WriteNullable(w, "sha256", entry.Sha256);
                WriteNullable(w, "sha1", entry.Sha1);
                WriteNullable(w, "present", state.Path);
                if (state.Path is not null)
                {
                    w.WriteBoolean("size_matches", state.SizeMatches);
                }

                WriteNullable(w, "partial", state.Part);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("other_files");
            foreach (var other in others)
            {
                w.WriteStringValue(other);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static string Relative(string path, string workingDirectory)
    {
        var relative = Path.GetRelativePath(workingDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record PresentState(string? Path, long Length, bool SizeMatches, string? Part);

    /// <summary>Calls back on the reporting thread, in order (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SyncProgress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }

    /// <summary>"45.0 MB / 141.1 MB  5.2 MB/s  0:19 left" from the downloader's own figures.</summary>
    private sealed class StatsColumn : ProgressColumn
    {
        public DownloadProgress? Latest { get; set; }

        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        {
            if (Latest is not { } p)
            {
                return new Text("connecting…");
            }

            var text = p.Stage switch
            {
                DownloadStage.Verifying => "verifying…",
                DownloadStage.Done => ModelCatalog.FormatBytes(p.BytesDone),
                DownloadStage.Connecting when p.Attempt > 1 => "reconnecting…",
                _ => Inv($"{ModelCatalog.FormatBytes(p.BytesDone)}{(p.TotalBytes is { } t ? " / " + ModelCatalog.FormatBytes(t) : string.Empty)}{(p.BytesPerSecond > 0 ? "  " + ModelCatalog.FormatBytes((long)p.BytesPerSecond) + "/s" : string.Empty)}{(p.Remaining is { } r ? "  " + Eta(r) + " left" : string.Empty)}"),
            };
            return new Text(text, new Style(Color.Grey));
        }
    }
}
