package io.bootsim.core.client;

import io.bootsim.core.http.HttpRequest;
import io.bootsim.core.http.Result;
import io.bootsim.core.http.RestClient;
import io.bootsim.core.http.Watch;
import io.bootsim.core.http.WatchHandler;

import java.util.function.Consumer;

/**
 * What a component needs from its API connection: send a request, open a watch. The
 * {@link RestClient} is the real one; tests give a fake that keeps objects in memory. Both hand
 * answers back on the component's Scheduler.
 */
public interface ApiTransport {

    void send(HttpRequest request, Consumer<Result> callback);

    Watch watch(String path, WatchHandler handler);

    /** Gives the connection up: what is in flight finishes, nothing new is sent. */
    default void close() {
    }

    static ApiTransport of(RestClient client) {
        return of(client, () -> { });
    }

    /** {@code client} as a transport whose close closes the client, then tells {@code closed}. */
    static ApiTransport of(RestClient client, Runnable closed) {
        return new ApiTransport() {
            @Override
            public void send(HttpRequest request, Consumer<Result> callback) {
                client.send(request, callback);
            }

            @Override
            public Watch watch(String path, WatchHandler handler) {
                return client.watch(path, handler);
            }

            @Override
            public void close() {
                client.close();
                closed.run();
            }
        };
    }
}
