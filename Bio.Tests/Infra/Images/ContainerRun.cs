using System.Diagnostics;
using System.Text;

namespace Bio.Tests.Infra.Images;

/// <summary>
/// Runs an unpacked image's entrypoint the way a container runtime would, without one: in its own mount and
/// PID namespaces (unshare; a user namespace too when not root, so no privileges are needed), with the image's file system as its root
/// (chroot) and its working directory, a fresh /proc and the host's /dev, and only the image's environment plus the given one. The
/// network is the host's, so the process listens on 127.0.0.1 like the tests' own services.
/// </summary>
internal sealed class ContainerRun : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private ContainerRun(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public bool Exited => process.HasExited;

    /// <summary>What the process wrote so far (stdout and stderr, interleaved).</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static ContainerRun Start(OciArchive image, string root, IReadOnlyDictionary<string, string> env)
    {
        Directory.CreateDirectory(Path.Combine(root, "proc"));
        Directory.CreateDirectory(Path.Combine(root, "dev"));
        var psi = new ProcessStartInfo("/usr/bin/unshare")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // A user namespace lets anyone chroot and mount; root needs none (and some hosts allow root only).
        if (!Environment.IsPrivilegedProcess)
        {
            psi.ArgumentList.Add("--user");
            psi.ArgumentList.Add("--map-root-user");
        }

        foreach (var a in new[] { "--mount", "--pid", "--fork", "--kill-child", $"--mount-proc={Path.Combine(root, "proc")}", "/bin/sh", "-c", "wd=\"$1\"; shift; mount --rbind /dev \"$0/dev\" && exec /usr/bin/unshare --root=\"$0\" --wd=\"$wd\" \"$@\"", root, image.WorkingDirectory })
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var a in image.Entrypoint)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment.Clear();
        foreach (var pair in image.Env.Select(e => e.Split('=', 2)))
        {
            psi.Environment[pair[0]] = pair[1];
        }

        foreach (var (name, value) in env)
        {
            psi.Environment[name] = value;
        }

        // unshare and sh run from the host before the chroot; the image's own PATH takes over after it.
        psi.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
        return new ContainerRun(Process.Start(psi) ?? throw new InvalidOperationException("unshare could not be started."));
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        process.Dispose();
    }
}
