package io.bootsim.controller.clientbuilder;

import io.bootsim.core.client.ApiTransport;
import io.bootsim.core.http.HttpRequest;
import io.bootsim.core.http.Result;
import io.bootsim.core.http.Watch;
import io.bootsim.core.http.WatchHandler;
import io.bootsim.core.time.Clock;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A controller's connection as its service account. Requests and watches wait until the token
 * source has a token, then go out over a connection that carries it; once the token's refresh time
 * has passed, the next request first fetches a new one (oauth2's ReuseTokenSource in the dynamic
 * client builder). Runs on the controller manager's scheduler.
 */
final class ServiceAccountTransport implements ApiTransport {

    /** A bearer token and when to stop using it (empty: never, as for Secret-based tokens). */
    record Token(String value, Optional<Instant> refreshAt) {
    }

    /** Where tokens come from; calls back once with a token, on the scheduler, however long it takes. */
    interface TokenSource {
        void fetch(Consumer<Token> ready);
    }

    private final String name;
    private final TokenSource source;
    private final TokenClients clients;
    private final Clock clock;
    private final List<Runnable> waiting = new ArrayList<>();
    private ApiTransport current;
    private Token token;
    private boolean fetching;
    private int connections;

    ServiceAccountTransport(String name, TokenSource source, TokenClients clients, Clock clock) {
        this.name = name;
        this.source = source;
        this.clients = clients;
        this.clock = clock;
    }

    @Override
    public void send(HttpRequest request, Consumer<Result> callback) {
        withConnection(api -> api.send(request, callback));
    }

    @Override
    public Watch watch(String path, WatchHandler handler) {
        DeferredWatch watch = new DeferredWatch();
        withConnection(api -> {
            if (!watch.stopped) {
                watch.started = api.watch(path, handler);
            }
        });
        return watch;
    }

    private void withConnection(Consumer<ApiTransport> use) {
        boolean expired = token != null && token.refreshAt().map(t -> !clock.now().isBefore(t)).orElse(false);
        if (current != null && !expired) {
            use.accept(current);
            return;
        }
        waiting.add(() -> use.accept(current));
        if (fetching) {
            return;
        }
        fetching = true;
        source.fetch(fresh -> {
            fetching = false;
            token = fresh;
            ApiTransport replaced = current;
            current = clients.connect("kube-controller-manager:" + name + "#" + ++connections, name, fresh.value());
            if (replaced != null) {
                replaced.close(); // the old token's connection: its requests in flight still finish
            }
            List<Runnable> ready = new ArrayList<>(waiting);
            waiting.clear();
            ready.forEach(Runnable::run);
        });
    }

    /** A watch asked for before the token arrived. */
    private static final class DeferredWatch implements Watch {
        private boolean stopped;
        private Watch started;

        @Override
        public void stop() {
            stopped = true;
            if (started != null) {
                started.stop();
            }
        }
    }
}
