package io.bootsim.core.http;

/**
 * Receives a watch's events, always on the caller's Scheduler, one at a time, in stream order.
 * After {@link #closed} nothing more arrives.
 */
public interface WatchHandler {

    void onEvent(WatchEvent event);

    /**
     * The stream ended: {@code error} is null when the server ended it normally (its timeout),
     * an {@link ApiError} when the watch request itself was refused (403, 410), a
     * {@link TransportError} when the connection failed. Not called after {@link Watch#stop()}.
     */
    void closed(ClientError error);
}
