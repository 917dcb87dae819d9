namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>Copies a build output folder to a fresh folder under the temporary path that every user can read and enter (Unix only: silos run as other users only there).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal static class ReadableCopy
{
    private const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode File = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>Copies the folder holding <paramref name="assembly"/>; returns the copy's path of it.</summary>
    /// <exception cref="InvalidOperationException">The temporary folder itself is closed to other users: names it and the fix.</exception>
    public static string Of(string assembly)
    {
        var temp = Path.GetTempPath();
        if (!System.IO.File.GetUnixFileMode(temp).HasFlag(UnixFileMode.OtherExecute))
        {
            throw new InvalidOperationException($"The temporary folder {temp} cannot be entered by other users, so a silo run as another user cannot load its build from there: point TMPDIR at a folder with mode 1777 (such as /tmp).");
        }

        var source = Path.GetDirectoryName(assembly)!;
        var target = Path.Combine(temp, $"dispatch-silo-build-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Copy(new DirectoryInfo(source), target);
        return Path.Combine(target, Path.GetFileName(assembly));
    }

    private static void Copy(DirectoryInfo source, string target)
    {
        Directory.CreateDirectory(target);
        System.IO.File.SetUnixFileMode(target, Folder);
        foreach (var file in source.EnumerateFiles())
        {
            var copy = file.CopyTo(Path.Combine(target, file.Name));
            System.IO.File.SetUnixFileMode(copy.FullName, File);
        }

        foreach (var folder in source.EnumerateDirectories())
        {
            Copy(folder, Path.Combine(target, folder.Name));
        }
    }
}
