using System.Text.Json;
using ConvAD.Description;
using ConvAD.Engine;
using ConvAD.Imaging;
using ConvAD.Onnx;

namespace ConvAD.Cli
{
    /// <summary>Where a command writes, and how every failure becomes one clear line and an exit code.</summary>
    public sealed class CliConsole
    {
        public static readonly JsonSerializerOptions Json = new JsonSerializerOptions
        {
            WriteIndented = false,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };

        private readonly CancellationTokenSource _interrupt = new CancellationTokenSource();
        private bool _listening;
        private bool _defaultsNoted;

        public CliConsole(TextWriter stdout, TextWriter stderr)
        {
            Out = stdout;
            Error = stderr;
        }

        /// <summary>Whether a sidecar may name files outside its folder (<c>--allow-outside-paths</c>).</summary>
        public bool AllowOutsidePaths { get; set; }

        /// <summary>Whether image files cut short before their end marker are decoded instead of refused (<c>--allow-truncated</c>).</summary>
        public bool AllowTruncated { get; set; }

        /// <summary>No progress bars, progress lines or notes (<c>--quiet</c>): only results, warnings and errors.</summary>
        public bool Quiet { get; set; }

        /// <summary>Writes a line that only reports progress or what was written (left out with <c>--quiet</c>).</summary>
        public void Note(string line)
        {
            if (!Quiet)
            {
                Out.WriteLine(line);
            }
        }

        /// <summary>The command being run, quoted for a shell (<see cref="CommandLineText"/>): HTML reports show it.</summary>
        public string CommandLine { get; set; } = "convad";

        /// <summary>The image loader the command-line options ask for (default limits; truncated files as <see cref="AllowTruncated"/> says).</summary>
        public Imaging.ImageLoader ImageLoader() => new Imaging.ImageLoader(allowTruncated: AllowTruncated);

        /// <summary>
        /// Cancelled by Ctrl+C while a long command runs (explain, evaluate): the work stops at its next
        /// batch and nothing half-written is left behind, instead of the process being killed mid-write.
        /// </summary>

        public CancellationToken Interruption
        {
            get
            {
                if (!_listening)
                {
                    _listening = true;
                    Console.CancelKeyPress += (_, e) =>
                    {
                        e.Cancel = true;
                        Interrupt();
                    };
                }

                return _interrupt.Token;
            }
        }

        /// <summary>What Ctrl+C does: asks the running command to stop.</summary>
        public void Interrupt() => _interrupt.Cancel();

        public TextWriter Out { get; }

        public TextWriter Error { get; }

        public void WriteJson(object value) => Out.WriteLine(JsonSerializer.Serialize(value, Json));

        /// <summary>
        /// Says once, on stderr (so <c>--json</c> output stays as it is), that a model has no sidecar and which defaults stand in
        /// for it: they are often wrong (ImageNet models need mean/std), and a silent guess would ruin every result unnoticed.
        /// </summary>
        public void NoteDefaults(ModelDescription description)
        {
            if (!description.IsDefault || _defaultsNoted)
            {
                return;
            }

            _defaultsNoted = true;
            string model = Path.GetFileName(description.ModelPath);
            Error.WriteLine($"convad: no model description beside {model} ({Path.GetFileName(ModelDescription.SidecarPathFor(description.ModelPath))}); "
                + $"assumed defaults: {description.Assumed} (docs/model-description.md)");
        }

        /// <summary>Runs a command body; expected failures print "convad: …" on stderr and return their exit code.</summary>
        public int Guard(Func<int> body)
        {
            try
            {
                return body();
            }
            catch (UnsupportedModelException e)
            {
                Error.WriteLine("convad: " + e.Message);
                return ExitCodes.Unsupported;
            }
            catch (Devices.DeviceUnsupportedException e)
            {
                Error.WriteLine("convad: " + OneLine(e.Message));
                return ExitCodes.Unsupported;
            }
            catch (OperationCanceledException) when (_interrupt.IsCancellationRequested)
            {
                Error.WriteLine("convad: interrupted");
                return ExitCodes.Interrupted;
            }
            catch (CliUsageException e)
            {
                Error.WriteLine("convad: " + OneLine(e.Message));
                return ExitCodes.Usage;
            }
            catch (Exception e) when (e is FileNotFoundException || e is DirectoryNotFoundException || e is OnnxFormatException ||
                e is ModelDescriptionException || e is ImageLoadException || e is ArgumentException ||
                e is InvalidOperationException || e is UnauthorizedAccessException || e is IOException)
            {
                Error.WriteLine("convad: " + OneLine(e.Message));
                return ExitCodes.Error;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A failure nobody anticipated is still one line, never a stack trace; its type helps a bug report.
                Error.WriteLine($"convad: internal error ({e.GetType().Name}): {OneLine(e.Message)}");
                return ExitCodes.Error;
            }
        }

        private static string OneLine(string message) => message.Replace("\r", " ").Replace("\n", " ").Trim();
    }

    /// <summary>The process's exit codes, the same for every command (docs/cli.md lists them).</summary>
    public static class ExitCodes
    {
        /// <summary>Done (verify: every invariant holds).</summary>
        public const int Ok = 0;

        /// <summary>A check failed (verify: an invariant does not hold).</summary>
        public const int Failed = 1;

        /// <summary>The model cannot run under ConvAD (or, with <c>--device</c>, on ConvAD's GPU runtime).</summary>
        public const int Unsupported = 2;

        /// <summary>
        /// Bad input: a missing, unreadable or corrupt model, image or folder, a folder or pattern without images; also a device
        /// that is not there or fails (<c>--device cuda</c> without an NVIDIA GPU or driver, out of device memory).
        /// </summary>
        public const int Error = 3;

        /// <summary>
        /// The command line is wrong: an unknown command or option, a missing argument, an invalid option value or combination
        /// (64 is <c>EX_USAGE</c> of BSD's sysexits.h, so it cannot be taken for any of the codes above).
        /// </summary>
        public const int Usage = 64;

        /// <summary>Stopped by Ctrl+C (the shell convention, 128 + SIGINT).</summary>
        public const int Interrupted = 130;
    }

    /// <summary>An invalid combination of options or arguments.</summary>
    public sealed class CliUsageException : Exception
    {
        public CliUsageException(string message)
            : base(message)
        {
        }
    }
}
