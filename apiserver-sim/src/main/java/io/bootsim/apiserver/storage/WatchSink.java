package io.bootsim.apiserver.storage;

import java.io.IOException;

/** Where a watch stream's events go: the HTTP handler writes and flushes each one. */
@FunctionalInterface
public interface WatchSink {

    void send(WatchEvent event) throws IOException;
}
