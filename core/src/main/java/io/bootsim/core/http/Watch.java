package io.bootsim.core.http;

/** A running watch; like client-go's watch.Interface Stop. */
public interface Watch {

    /** Closes the stream; events not yet delivered are dropped and {@link WatchHandler#closed} is not called. */
    void stop();
}
