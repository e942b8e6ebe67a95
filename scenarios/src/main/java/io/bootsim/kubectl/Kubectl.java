package io.bootsim.kubectl;

import io.bootsim.core.flags.Flag;
import io.bootsim.core.flags.FlagParseException;
import io.bootsim.core.flags.FlagSet;
import io.bootsim.core.flags.FlagType;
import io.bootsim.core.flags.GoDuration;
import io.bootsim.core.flags.ParsedFlags;
import io.bootsim.core.http.GoErrorTexts;
import io.bootsim.core.http.RestClient;
import io.bootsim.core.kubeconfig.DirectClientConfig;
import io.bootsim.core.kubeconfig.Kubeconfig;
import io.bootsim.core.kubeconfig.KubeconfigException;
import io.bootsim.core.kubeconfig.KubeconfigLoader;
import io.bootsim.core.kubeconfig.RestConfig;
import io.bootsim.core.http.ClientIdentity;
import io.bootsim.core.pki.PemException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The built-in kubectl: the commands of the bootstrap flow, with kubectl 1.33's flags, requests,
 * output and errors, over the simulation's HTTPS client. A run never blocks its scheduler: it
 * sends requests and continues in their callbacks, and reports once, through {@code done}, on the
 * scheduler's thread. In simulated mode the runner calls {@link #run} from the scheduler's thread
 * (or hands it to {@code execute}) and drives the VirtualScheduler until {@code done} has been
 * called; {@link #runBlocking} is for live mode only.
 */
// upstream: kubernetes/kubectl pkg/cmd/cmd.go (NewKubectlCommand), cobra command.go (Find, stripFlags)
public final class Kubectl {

    /** A run in progress. */
    public interface Handle {
        /** Ends a command that would run on by itself (a watch), as Ctrl-C would end it, with exit code 0. */
        void interrupt();
    }

    private static final Flag<String> KUBECONFIG = Flag.of("kubeconfig", FlagType.STRING, "",
            "Path to the kubeconfig file to use for CLI requests.");
    private static final Flag<String> CONTEXT = Flag.of("context", FlagType.STRING, "",
            "The name of the kubeconfig context to use");
    private static final Flag<String> NAMESPACE = Flag.of("namespace", FlagType.STRING, "",
            "If present, the namespace scope for this CLI request").shorthand("n");
    private static final Flag<String> AS = Flag.of("as", FlagType.STRING, "",
            "Username to impersonate for the operation.");
    private static final Flag<List<String>> AS_GROUP = Flag.of("as-group", StringArray.TYPE, List.of(),
            "Group to impersonate for the operation, this flag can be repeated to specify multiple groups.");
    private static final Flag<String> REQUEST_TIMEOUT = Flag.of("request-timeout", FlagType.STRING, "0",
            "The length of time to wait before giving up on a single server request.");
    // the discovery and HTTP caches are never used (every run discovers afresh, like a cold cache)
    private static final Flag<String> CACHE_DIR = Flag.of("cache-dir", FlagType.STRING, "",
            "Default cache directory");
    // klog verbosity: bootsim's kubectl writes no request logs at any level
    private static final Flag<Integer> V = Flag.of("v", FlagType.LEVEL, 0,
            "number for the log level verbosity").shorthand("v");
    private static final List<Flag<?>> GLOBAL = List.of(KUBECONFIG, CONTEXT, NAMESPACE, AS, AS_GROUP,
            REQUEST_TIMEOUT, CACHE_DIR, V);

    private static final Map<String, Supplier<Subcommand>> COMMANDS = Map.ofEntries(
            Map.entry("version", VersionCommand::new),
            Map.entry("get", GetCommand::new),
            Map.entry("create", CreateCommand::new),
            Map.entry("create clusterrolebinding", () -> new CreateBindingCommand(true)),
            Map.entry("create rolebinding", () -> new CreateBindingCommand(false)),
            Map.entry("apply", ApplyCommand::new),
            Map.entry("delete", DeleteCommand::new),
            Map.entry("certificate approve", () -> new CertificateCommand(true)),
            Map.entry("certificate deny", () -> new CertificateCommand(false)),
            Map.entry("auth can-i", AuthCanICommand::new),
            Map.entry("auth whoami", AuthWhoamiCommand::new));
    /** Commands whose first argument names a subcommand. */
    private static final Set<String> GROUPS = Set.of("certificate", "auth");
    /** Flags of all commands that take a value, so that finding the command skips their values. */
    private static final Set<String> VALUE_FLAGS = Set.of("--kubeconfig", "--context", "-n", "--namespace", "--as",
            "--as-group", "--request-timeout", "--cache-dir", "-v", "--v", "-o", "--output", "-l", "--selector",
            "--field-selector", "--raw", "--chunk-size", "-f", "--filename", "--clusterrole", "--role", "--user",
            "--group", "--serviceaccount", "--field-manager", "--dry-run");
    /** kubectl 1.33's other commands: named as not built in, rather than as unknown. */
    private static final Set<String> NOT_BUILT_IN = Set.of("annotate", "api-resources", "api-versions", "attach",
            "autoscale", "cluster-info", "completion", "config", "cordon", "cp", "debug", "describe", "diff", "drain",
            "edit", "events", "exec", "explain", "expose", "help", "kustomize", "label", "logs", "patch", "plugin",
            "port-forward", "proxy", "replace", "rollout", "run", "scale", "set", "taint", "top", "uncordon", "wait");

    private final KubectlEnvironment env;
    private long runs; // scheduler thread only; names each run's client uniquely

    public Kubectl(KubectlEnvironment env) {
        this.env = env;
    }

    /**
     * Runs one command line, given as the words after {@code kubectl} (a leading "kubectl" is
     * dropped). Call on the scheduler's thread; {@code done} is called exactly once, on it.
     */
    public Handle run(List<String> argv, Consumer<KubectlResult> done) {
        List<String> args = new ArrayList<>(argv);
        if (!args.isEmpty() && args.get(0).equals("kubectl")) {
            args.remove(0);
        }
        List<String> words = commandWords(args);
        String path = words.isEmpty() ? "" : words.get(0);
        if (words.size() > 1 && (GROUPS.contains(path) || COMMANDS.containsKey(path + " " + words.get(1)))) {
            path = path + " " + words.get(1);
        }
        Invocation invocation = new Invocation(env, path, done);
        Supplier<Subcommand> command = COMMANDS.get(path);
        if (command == null) {
            invocation.fail(unknown(words));
            return invocation::interrupt;
        }
        Subcommand subcommand = command.get();
        FlagSet flags = new FlagSet("kubectl " + path);
        GLOBAL.forEach(f -> flags.add("global", f));
        subcommand.declare(flags);
        ParsedFlags parsed;
        try {
            parsed = flags.parse(args);
        } catch (FlagParseException e) {
            invocation.fail("error: " + e.getMessage() + "\nSee 'kubectl " + path + " --help' for usage.");
            return invocation::interrupt;
        }
        if (parsed.helpRequested()) {
            invocation.fail("error: --help is not available in bootsim's built-in kubectl; see kubectl " + path
                    + " --help");
            return invocation::interrupt;
        }
        List<String> positional = new ArrayList<>(parsed.args());
        for (String word : path.split(" ")) {
            positional.remove(word);
        }
        if (connect(invocation, parsed)) {
            subcommand.run(invocation, parsed, positional);
        }
        return invocation::interrupt;
    }

    /** Live mode only: runs on the scheduler and waits for the result on the calling thread. */
    public KubectlResult runBlocking(List<String> argv) throws InterruptedException {
        CompletableFuture<KubectlResult> result = new CompletableFuture<>();
        env.scheduler().execute(() -> run(argv, result::complete));
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("kubectl run failed", e.getCause());
        }
    }

    /** The words that name the command: cobra's Find looks past flags and the values they take. */
    private static List<String> commandWords(List<String> args) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.size() && words.size() < 2; i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                break;
            }
            if (a.startsWith("-") && a.length() > 1) {
                if (!a.contains("=") && VALUE_FLAGS.contains(a)) {
                    i++;
                }
                continue;
            }
            words.add(a);
        }
        return words;
    }

    private static String unknown(List<String> words) {
        if (words.isEmpty()) {
            return "error: bootsim's built-in kubectl prints no help; name a command";
        }
        String first = words.get(0);
        if (NOT_BUILT_IN.contains(first) || COMMANDS.keySet().stream().anyMatch(c -> c.startsWith(first + " "))) {
            String what = words.size() > 1 && !NOT_BUILT_IN.contains(first) ? first + " " + words.get(1) : first;
            return "error: \"kubectl " + what + "\" is not built into bootsim's kubectl";
        }
        return "error: unknown command \"" + first + "\" for \"kubectl\"";
    }

    /** Loads the kubeconfig and makes the run's client; a kubeconfig error ends the run. */
    private boolean connect(Invocation run, ParsedFlags flags) {
        Duration timeout;
        try {
            timeout = GoDuration.parse(flags.get(REQUEST_TIMEOUT).matches("\\d+") ? flags.get(REQUEST_TIMEOUT) + "s"
                    : flags.get(REQUEST_TIMEOUT));
        } catch (IllegalArgumentException e) {
            run.fail("error: invalid argument \"" + flags.get(REQUEST_TIMEOUT) + "\" for \"--request-timeout\" flag: "
                    + e.getMessage());
            return false;
        }
        try {
            Path file = flags.get(KUBECONFIG).isEmpty() ? env.defaultKubeconfig()
                    : env.workingDirectory().resolve(flags.get(KUBECONFIG));
            Kubeconfig config = KubeconfigLoader.load(file);
            if (!flags.get(CONTEXT).isEmpty()) {
                config = config.withCurrentContext(flags.get(CONTEXT));
            }
            RestConfig rest = DirectClientConfig.clientConfig(config);
            ClientIdentity identity = ClientIdentity.from(rest);
            RestClient client = new RestClient("kubectl-" + (++runs), identity, env.network(), env.scheduler(),
                    Invocation.rateLimiter(env.scheduler().clock()),
                    new RestClient.Options(Invocation.USER_AGENT, timeout, GoErrorTexts.newest()), env.tracer());
            boolean explicit = flags.isSet(NAMESPACE);
            run.connect(client, timeout, explicit ? flags.get(NAMESPACE) : rest.namespace(), explicit, flags.get(AS),
                    flags.get(AS_GROUP));
            return true;
        } catch (KubeconfigException e) {
            String message = e.upstreamMessage();
            if (message.startsWith("invalid configuration: ")) {
                // kubectl's MultilineError for clientcmd's errConfigurationInvalid
                message = e.reasons().size() == 1 ? "Error in configuration: " + e.reasons().get(0)
                        : "Error in configuration: \n* " + String.join("\n* ", e.reasons());
                run.err().append(message).append('\n');
                run.finish(1);
                return false;
            }
            run.fail(message);
            return false;
        } catch (PemException | IllegalArgumentException e) {
            run.fail(e.getMessage());
            return false;
        }
    }
}
