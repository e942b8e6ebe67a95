package io.bootsim.apiserver.server;

import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.api.server.ServerSessionListener;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.util.Promise;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Go's h2 idle rule behind Jetty: no idle close while a stream is open, and no stream idle timeout. */
class GoIdleHttp2Test {

    private final ServerSessionListener listener = new SecureServing.GoIdleHttp2(new HttpConfiguration()) {
        ServerSessionListener listener() {
            return newSessionListener(null, null);
        }
    }.listener();

    private static <T> T proxy(Class<T> type, Object streams) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (p, method, args) -> method.getName().equals("getStreams") ? streams : null));
    }

    @Test
    void aConnectionWithAnOpenStreamIsNeverIdle() {
        Session session = proxy(Session.class, List.of(proxy(Stream.class, null)));
        assertFalse(listener.onIdleTimeout(session), "a watch that sends nothing keeps its connection, as in Go");
    }

    @Test
    void aSilentStreamIsNotTimedOut() {
        AtomicReference<Boolean> closed = new AtomicReference<>();
        ((Stream.Listener) listener).onIdleTimeout(proxy(Stream.class, null), new TimeoutException(),
                Promise.from(closed::set, t -> { }));
        assertEquals(Boolean.FALSE, closed.get());
    }
}
