package io.bootsim.kubectl;

import io.bootsim.core.http.ApiError;
import io.bootsim.core.http.ClientError;
import io.bootsim.core.http.HttpRequest;
import io.bootsim.core.http.RateLimiter;
import io.bootsim.core.http.RestClient;
import io.bootsim.core.http.Result;
import io.bootsim.core.http.TokenBucketRateLimiter;
import io.bootsim.core.http.TransportError;
import io.bootsim.core.http.Watch;
import io.bootsim.core.http.WatchHandler;
import io.bootsim.core.log.LogLine;
import io.bootsim.core.time.Clock;
import io.bootsim.core.time.Scheduler;

import java.net.URI;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * One kubectl run in progress: its output so far, its client (made from the kubeconfig, sending
 * kubectl's User-Agent and the Impersonate-* headers of {@code --as}/{@code --as-group} on every
 * request), and the single way it ends. Errors are printed as kubectl's CheckErr prints them.
 */
// upstream: kubernetes/kubectl pkg/cmd/util/helpers.go (checkErr, StandardErrorMessage)
final class Invocation {

    static final String USER_AGENT = "kubectl/v1.33.1 (linux/amd64) kubernetes/8adc0f0";

    private final KubectlEnvironment env;
    private final String commandName;
    private final Consumer<KubectlResult> done;
    private final StringBuilder out = new StringBuilder();
    private final StringBuilder err = new StringBuilder();
    private RestClient client;
    private List<String> impersonateGroups = List.of();
    private String impersonateUser = "";
    private String namespace = "default";
    private boolean explicitNamespace;
    private boolean finished;
    private Duration requestTimeout = Duration.ZERO;
    private Runnable onInterrupt;

    Invocation(KubectlEnvironment env, String commandName, Consumer<KubectlResult> done) {
        this.env = env;
        this.commandName = commandName;
        this.done = done;
    }

    void connect(RestClient client, Duration requestTimeout, String namespace, boolean explicitNamespace,
                 String asUser, List<String> asGroups) {
        this.client = client;
        this.requestTimeout = requestTimeout;
        this.namespace = namespace;
        this.explicitNamespace = explicitNamespace;
        this.impersonateUser = asUser;
        this.impersonateGroups = List.copyOf(asGroups);
    }

    static RateLimiter rateLimiter(Clock clock) {
        return new TokenBucketRateLimiter(50, 300, clock); // kubectl raises client-go's 5/10 to 50/300 (cli-runtime)
    }

    StringBuilder out() {
        return out;
    }

    StringBuilder err() {
        return err;
    }

    Scheduler scheduler() {
        return env.scheduler();
    }

    Clock clock() {
        return env.scheduler().clock();
    }

    Path resolve(String file) {
        return env.workingDirectory().resolve(file);
    }

    /** The namespace of {@code -n} or of the kubeconfig context, {@code default} without either. */
    String namespace() {
        return namespace;
    }

    boolean explicitNamespace() {
        return explicitNamespace;
    }

    /** {@code --request-timeout}; zero for none. */
    Duration requestTimeout() {
        return requestTimeout;
    }

    /** What Ctrl-C does to a command that would otherwise run on (a watch). */
    void onInterrupt(Runnable action) {
        this.onInterrupt = action;
    }

    /** Interrupts a running command as Ctrl-C would; a command that ends by itself ignores it. */
    void interrupt() {
        if (!finished && onInterrupt != null) {
            onInterrupt.run();
        }
    }

    void send(HttpRequest request, Consumer<Result> callback) {
        client.send(decorate(request), callback);
    }

    Watch watch(HttpRequest request, WatchHandler handler) {
        return client.watch(decorate(request), handler);
    }

    private HttpRequest decorate(HttpRequest request) {
        HttpRequest r = request.withHeader("Kubectl-Command", "kubectl " + commandName);
        if (!impersonateUser.isEmpty()) {
            r = r.withHeader("Impersonate-User", impersonateUser);
        }
        for (String group : impersonateGroups) {
            r = r.withHeader("Impersonate-Group", group);
        }
        return r;
    }

    /** A klog error line on stderr, stamped with this run's clock. */
    void logError(String source, String message) {
        err.append(new LogLine(clock().now(), "kubectl", LogLine.Severity.ERROR, source, message).format())
                .append('\n');
    }

    /** Ends the run with an error message as CheckErr prints it: "error: " unless it has its own prefix. */
    void fail(String message) {
        String text = message.startsWith("error: ") || message.startsWith("Error from server") ? message
                : "error: " + message;
        err.append(text.endsWith("\n") ? text : text + "\n");
        finish(1);
    }

    /** Ends the run with the error of a failed request. */
    void fail(Result result) {
        fail(describe(result.error(), result.url()));
    }

    /** CheckErr's words for a client error: the Status for an API error, url.Error for no answer. */
    static String describe(ClientError error, String url) {
        if (error instanceof ApiError api) {
            return describe(api);
        }
        TransportError t = (TransportError) error;
        if (t.message().contains("connection refused")) {
            return "The connection to the server " + URI.create(url).getRawAuthority()
                    + " was refused - did you specify the right host or port?";
        }
        return "Unable to connect to the server: " + t.message();
    }

    static String describe(ApiError api) {
        if ("Unauthorized".equals(api.reason())) {
            return "error: You must be logged in to the server (" + api.message() + ")";
        }
        if (api.reason() == null || api.reason().isEmpty()) {
            return "Error from server: " + api.message();
        }
        return "Error from server (" + api.reason() + "): " + api.message();
    }

    void finish(int exitCode) {
        if (finished) {
            return;
        }
        finished = true;
        if (client != null) {
            client.close();
        }
        done.accept(new KubectlResult(exitCode, out.toString(), err.toString()));
    }

    boolean isFinished() {
        return finished;
    }
}
