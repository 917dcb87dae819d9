namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>Where the repository's files and the silo and CLI builds are, from the test assembly's own build output.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the configuration this test assembly was built in, which built the silo and CLI too.</summary>
    public static string Configuration { get; } = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    public static string SiloDll => Output("src/Silo", "Orleans.Dispatch.Silo.dll");

    public static string CliDll => Output("src/Cli", "Orleans.Dispatch.Cli.dll");

    public static string ComposeFile => Path.Combine(Root, "docker-compose.yml");

    public static string Dockerfile => Path.Combine(Root, "Dockerfile");

    private static string Output(string project, string dll)
    {
        var path = Path.Combine(Root, project, "bin", Configuration, "net10.0", dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{dll} is not built at {path}: build the solution first (scripts/test.sh does).", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orleans.Dispatch.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Orleans.Dispatch.sln not found above " + AppContext.BaseDirectory);
    }
}
