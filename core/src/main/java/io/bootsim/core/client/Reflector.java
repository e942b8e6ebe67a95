package io.bootsim.core.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.http.ApiError;
import io.bootsim.core.http.ClientError;
import io.bootsim.core.http.Result;
import io.bootsim.core.http.Watch;
import io.bootsim.core.http.WatchEvent;
import io.bootsim.core.http.WatchHandler;
import io.bootsim.core.log.Klog;
import io.bootsim.core.time.Scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * client-go's Reflector: lists a collection, hands the items to its sink, then watches from the
 * list's resourceVersion and applies each event. A watch the server ends normally (its timeout)
 * is re-opened from the last resourceVersion seen; a refused or failed watch, an ERROR event
 * (410 Expired: "too old resource version") or a failed list leads to a fresh list after the
 * backoff: 800ms doubling to 30s, with up to 100% jitter, reset after two quiet minutes.
 */
// upstream: staging/src/k8s.io/client-go/tools/cache/reflector.go (ListAndWatch, watchHandler, NewReflector backoff)
public final class Reflector {

    /** Where the reflector puts what it learns. */
    public interface Sink {
        /** The result of a (re-)list: the complete collection at {@code resourceVersion}. */
        void replace(List<ObjectNode> items, String resourceVersion);

        void add(ObjectNode object);

        void update(ObjectNode object);

        void delete(ObjectNode object);
    }

    private static final Duration INITIAL_BACKOFF = Duration.ofMillis(800);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration BACKOFF_RESET = Duration.ofMinutes(2);
    private static final long MIN_WATCH_TIMEOUT_SECONDS = 300;

    private final String name;
    private final ListWatch listWatch;
    private final Sink sink;
    private final Scheduler scheduler;
    private final Klog log;
    private final RandomGenerator jitter;

    private String lastSyncResourceVersion = "";
    private Watch watch;
    private Scheduler.Timer retry;
    private boolean stopped = true;
    private Duration backoff = Duration.ZERO;
    private Instant lastBackoffAt;

    /**
     * @param name   how log lines name this reflector (client-go prints the informer's source location)
     * @param jitter a random stream of the component, for watch timeouts and backoff jitter
     */
    public Reflector(String name, ListWatch listWatch, Sink sink, Scheduler scheduler, Klog log, RandomGenerator jitter) {
        this.name = name;
        this.listWatch = listWatch;
        this.sink = sink;
        this.scheduler = scheduler;
        this.log = log;
        this.jitter = jitter;
    }

    public void start() {
        if (!stopped) {
            return;
        }
        stopped = false;
        list();
    }

    public void stop() {
        stopped = true;
        if (watch != null) {
            watch.stop();
            watch = null;
        }
        if (retry != null) {
            retry.cancel();
            retry = null;
        }
    }

    /** The resourceVersion of the last list or event applied; empty before the first list. */
    public String lastSyncResourceVersion() {
        return lastSyncResourceVersion;
    }

    private void list() {
        log.infoV(3, "reflector.go", "Listing and watching " + listWatch.typeName() + " from " + name);
        listWatch.transport().send(listWatch.listRequest(), this::listed);
    }

    private void listed(Result result) {
        if (stopped) {
            return;
        }
        if (!result.isSuccess()) {
            log.error("reflector.go", name + ": Failed to list " + listWatch.typeName() + ": " + result.goError());
            relistAfterBackoff();
            return;
        }
        ObjectNode body = result.json();
        List<ObjectNode> items = new ArrayList<>();
        for (JsonNode item : body.path("items")) {
            if (item instanceof ObjectNode object) {
                items.add(object);
            }
        }
        lastSyncResourceVersion = body.path("metadata").path("resourceVersion").asText("");
        sink.replace(items, lastSyncResourceVersion);
        openWatch();
    }

    private void openWatch() {
        // client-go: timeoutSeconds = minWatchTimeout * (1 + rand), so watches do not all end together
        long timeout = (long) (MIN_WATCH_TIMEOUT_SECONDS * (1 + jitter.nextDouble()));
        watch = listWatch.transport().watch(listWatch.watchPath(lastSyncResourceVersion, timeout), new Handler());
    }

    private final class Handler implements WatchHandler {
        private boolean done;

        @Override
        public void onEvent(WatchEvent event) {
            if (stopped || done) {
                return;
            }
            switch (event.type()) {
                case "ADDED" -> sink.add(event.object());
                case "MODIFIED" -> sink.update(event.object());
                case "DELETED" -> sink.delete(event.object());
                case "BOOKMARK" -> { }
                case WatchEvent.ERROR -> {
                    done = true;
                    String message = event.status().map(s -> s.message()).orElse(event.object().toString());
                    int code = event.status().map(s -> s.code()).orElse(0);
                    if (code == 410) {
                        log.infoV(4, "reflector.go", name + ": watch of " + listWatch.typeName() + " closed with: " + message);
                    } else {
                        log.warning("reflector.go", name + ": watch of " + listWatch.typeName() + " ended with: " + message);
                    }
                    watch.stop();
                    relistAfterBackoff();
                    return;
                }
                default -> log.error("reflector.go", name + ": unable to understand watch event " + event.type());
            }
            String rv = event.resourceVersion();
            if (!rv.isEmpty()) {
                lastSyncResourceVersion = rv;
            }
        }

        @Override
        public void closed(ClientError error) {
            if (stopped || done) {
                return;
            }
            done = true;
            if (error == null) {
                // the server's timeout: carry on from where we are, as client-go's watch loop does
                openWatch();
                return;
            }
            boolean expired = error instanceof ApiError api && api.code() == 410;
            if (expired) {
                log.infoV(4, "reflector.go", name + ": watch of " + listWatch.typeName() + " closed with: " + error.message());
            } else {
                log.warning("reflector.go", name + ": watch of " + listWatch.typeName() + " ended with: " + error.message());
            }
            relistAfterBackoff();
        }
    }

    private void relistAfterBackoff() {
        Instant now = scheduler.clock().now();
        if (lastBackoffAt != null && Duration.between(lastBackoffAt, now).compareTo(BACKOFF_RESET) > 0) {
            backoff = Duration.ZERO;
        }
        lastBackoffAt = now;
        backoff = backoff.isZero() ? INITIAL_BACKOFF : min(backoff.multipliedBy(2), MAX_BACKOFF);
        Duration wait = backoff.plusNanos((long) (jitter.nextDouble() * backoff.toNanos()));
        retry = scheduler.schedule(wait, () -> {
            retry = null;
            if (!stopped) {
                list();
            }
        });
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
