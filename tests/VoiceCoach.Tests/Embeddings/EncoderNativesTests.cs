using System.Text.Json;

namespace VoiceCoach.Tests.Embeddings;

/// <summary>
/// The build keeps only the targeted platforms' natives of the encoder's packages (src/VoiceCoach.Embeddings/build/
/// EncoderNatives.targets). Checked on this test project's deps.json, which the build rewrites from the same list that
/// it copies (a stale file left in bin/ by an older build can't make these pass or fail).
/// </summary>
public class EncoderNativesTests
{
    private static readonly string[] Kept = ["linux-x64", "linux-arm64", "win-x64", "win-arm64", "osx-x64", "osx-arm64"];

    [Fact]
    public void DepsFile_DefaultBuild_NamesOnnxRuntimeOnlyForThe64BitDesktops()
    {
        var platforms = NativePlatformsOf("Microsoft.ML.OnnxRuntime/");

        Assert.Equal(["linux-arm64", "linux-x64", "osx-arm64", "win-arm64", "win-x64"], platforms);
    }

    [Fact]
    public void DepsFile_DefaultBuild_NoMobileOr32BitNativesOfTheEncodersPackages()
    {
        var platforms = NativePlatformsOf("Microsoft.ML.OnnxRuntime/")
            .Concat(NativePlatformsOf("Microsoft.ML/"))
            .Concat(NativePlatformsOf("Microsoft.ML.CpuMath/"));

        Assert.All(platforms, p => Assert.Contains(p, Kept));
    }

    [Fact]
    public void DepsFile_ThisMachinesPlatform_NativeLibraryIsBesideTheTests()
    {
        var onLinuxX64 = OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture
            == System.Runtime.InteropServices.Architecture.X64;
        if (!onLinuxX64)
        {
            return;
        }

        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libonnxruntime.so")));
    }

    /// <summary>The platforms (runtime identifiers) of the native files deps.json lists for the package.</summary>
    private static string[] NativePlatformsOf(string packagePrefix)
    {
        var depsPath = Path.Combine(AppContext.BaseDirectory, "VoiceCoach.Tests.deps.json");
        using var deps = JsonDocument.Parse(File.ReadAllText(depsPath));
        var platforms = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var target in deps.RootElement.GetProperty("targets").EnumerateObject())
        {
            foreach (var library in target.Value.EnumerateObject())
            {
                if (!library.Name.StartsWith(packagePrefix, StringComparison.Ordinal)
                    || !library.Value.TryGetProperty("runtimeTargets", out var files))
                {
                    continue;
                }

                foreach (var file in files.EnumerateObject())
                {
                    if (file.Value.GetProperty("assetType").GetString() == "native")
                    {
                        platforms.Add(file.Value.GetProperty("rid").GetString()!);
                    }
                }
            }
        }

        return [.. platforms];
    }
}
