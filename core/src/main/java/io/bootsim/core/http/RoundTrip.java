package io.bootsim.core.http;

import io.bootsim.core.time.Clock;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponse;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One request on a new connection, answered on the calling thread: kube-apiserver's call to a
 * kubelet (nodes/proxy), made on a server thread that may wait. Unlike {@link RestClient} it
 * announces nothing to any scheduler, so a simulated scheduler that is itself waiting for the
 * request being served (kubectl's) cannot deadlock on it. The dial goes where the network routes
 * {@code identity}'s host and port; the URL, the name the certificate is verified against and the
 * error texts stay those of the host and port dialled, as on the real network.
 */
public final class RoundTrip {

    private RoundTrip() {
    }

    /**
     * Sends {@code request} and waits up to {@code timeout} for the whole answer; on a
     * {@link ClientNetwork#simulated simulated} network for as long as it takes, as its dials do (the
     * scheduler's watchdog reports an answer that never comes). A failure to connect, verify or read is a
     * {@link Result} with a {@link TransportError} and no status code.
     */
    public static Result send(ClientIdentity identity, ClientNetwork network, Clock clock, GoErrorTexts texts,
                              String userAgent, HttpRequest request, Duration timeout) {
        String url = RestClient.url(identity, request);
        CompletableFuture<Result> answer = new CompletableFuture<>();
        AtomicReference<HttpConnection> used = new AtomicReference<>();
        ConnectionPool pool = new ConnectionPool(identity, network, clock, texts);
        pool.send(() -> RestClient.toNetty(identity, userAgent, request), new HttpConnection.Exchange() {
            private HttpResponse head;
            private final ByteArrayOutputStream body = new ByteArrayOutputStream();

            @Override
            public void head(HttpResponse response) {
                head = response;
            }

            @Override
            public void content(ByteBuf content) {
                body.writeBytes(RestClient.bytes(content));
            }

            @Override
            public void end(boolean keepAlive) {
                int code = head.status().code();
                byte[] bytes = body.toByteArray();
                ClientError error = code >= 200 && code < 300 ? null : RestClient.apiError(code, request.method(), bytes);
                answer.complete(new Result(request, url, code, RestClient.headers(head), bytes, error, Duration.ZERO,
                        texts));
            }

            @Override
            public void failed(Throwable cause) {
                answer.complete(noAnswer(request, url, TransportError.from(cause, identity.host(), identity.port(),
                        texts), texts));
            }
        }, connection -> {
            used.set(connection);
            if (answer.isDone()) { // the caller gave up while the connection was being made
                connection.close();
                return false;
            }
            return true;
        });
        try {
            return network.realTimeouts() ? answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS) : answer.get();
        } catch (TimeoutException e) {
            return noAnswer(request, url, new TransportError(TransportError.Kind.TIMEOUT, texts.requestTimeout()), texts);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return noAnswer(request, url, new TransportError(TransportError.Kind.CANCELLED, "context canceled"), texts);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the answer is only ever completed normally", e);
        } finally {
            answer.complete(null); // a connection made after this is closed as it is handed over
            HttpConnection connection = used.get();
            if (connection != null) {
                connection.close();
            }
            pool.close();
        }
    }

    private static Result noAnswer(HttpRequest request, String url, TransportError error, GoErrorTexts texts) {
        return new Result(request, url, 0, Map.of(), new byte[0], error, Duration.ZERO, texts);
    }
}
