package io.bootsim.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;
import io.bootsim.core.api.Status;
import io.bootsim.core.time.Clock;
import io.bootsim.core.time.Scheduler;
import io.bootsim.core.trace.Tracer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The asynchronous HTTPS client of every simulated component, in the role of client-go's
 * RESTClient: it throttles, sends over a pooled TLS connection of its identity, and hands every
 * response and every watch event back as a task on the caller's Scheduler, announced with
 * {@link Scheduler#expectCompletion} so that simulated runs wait for it and order arrivals by key
 * ({@code <name>/<request number>[/<event number>]}). Call {@link #send} and {@link #watch} from
 * the scheduler's thread; nothing here blocks it.
 */
public final class RestClient implements AutoCloseable {

    /**
     * @param userAgent sent as User-Agent, e.g. {@code kubelet/v1.33.0 (linux/amd64) kubernetes/...}
     * @param timeout   client-go's request timeout (rest.Config.Timeout); zero for none. Watches have none.
     * @param texts     Go's error texts in the emulated version
     */
    public record Options(String userAgent, Duration timeout, GoErrorTexts texts) {
        public static Options defaults() {
            return new Options("bootsim", Duration.ZERO, GoErrorTexts.newest());
        }

        public Options withTimeout(Duration d) {
            return new Options(userAgent, d, texts);
        }

        public Options withTexts(GoErrorTexts t) {
            return new Options(userAgent, timeout, t);
        }

        public Options withUserAgent(String agent) {
            return new Options(agent, timeout, texts);
        }
    }

    private final String name;
    private final ClientIdentity identity;
    private final ClientNetwork network;
    private final Scheduler scheduler;
    private final RateLimiter rateLimiter;
    private final Options options;
    private final Tracer tracer;
    private final Clock clock;
    private final ConnectionPool pool;
    private final AtomicLong sequence = new AtomicLong(); // a server's client counts on several threads

    /**
     * @param name the component's name; the first part of every order key, so it must be unique per client
     */
    public RestClient(String name, ClientIdentity identity, ClientNetwork network, Scheduler scheduler,
                      RateLimiter rateLimiter, Options options, Tracer tracer) {
        this(name, identity, network, scheduler, rateLimiter, options, tracer, scheduler.clock());
    }

    /**
     * @param clock the component's own clock, which checks the server's certificate: a component whose clock is
     *              skewed sees "certificate has expired or is not yet valid" as the real one does
     */
    public RestClient(String name, ClientIdentity identity, ClientNetwork network, Scheduler scheduler,
                      RateLimiter rateLimiter, Options options, Tracer tracer, Clock clock) {
        this.name = name;
        this.identity = identity;
        this.network = network;
        this.scheduler = scheduler;
        this.rateLimiter = rateLimiter;
        this.options = options;
        this.tracer = tracer;
        this.clock = clock;
        this.pool = new ConnectionPool(identity, network, clock, options.texts());
    }

    /**
     * A client with this one's identity, options and clock, with its own connections and no throttling,
     * whose responses continue on {@code scheduler}: what a server uses for the requests it makes while
     * serving one (the kubelet's TokenReview and SubjectAccessReview) on an {@link io.bootsim.core.time.InlineScheduler}.
     */
    public RestClient on(Scheduler scheduler, String name, Tracer tracer) {
        return new RestClient(name, identity, network, scheduler, RateLimiter.unlimited(), options, tracer, clock);
    }

    public ClientIdentity identity() {
        return identity;
    }

    /** Connections this client dialled, each with a full TLS handshake, and how many it abandoned. */
    public Dials dials() {
        return pool.dials();
    }

    /** Closes idle connections; a client built for new credentials replaces this one. */
    @Override
    public void close() {
        pool.close();
    }

    /** Sends {@code request} after the rate limiter allows; {@code callback} runs on the scheduler. */
    public void send(HttpRequest request, Consumer<Result> callback) {
        Duration wait = rateLimiter.reserve();
        if (wait.isZero()) {
            new Call(request, callback, wait).start();
        } else {
            scheduler.schedule(wait, () -> new Call(request, callback, wait).start());
        }
    }

    /**
     * Opens a watch: {@code path} is the list path with its query, including {@code watch=true}
     * (and resourceVersion, timeoutSeconds, allowWatchBookmarks as the caller wants them).
     */
    public Watch watch(String path, WatchHandler handler) {
        return watch(HttpRequest.get(path), handler);
    }

    /** Opens a watch with the request's own headers (kubectl asks for Table events and impersonates). */
    public Watch watch(HttpRequest request, WatchHandler handler) {
        WatchStream stream = new WatchStream(request, handler);
        Duration wait = rateLimiter.reserve();
        if (wait.isZero()) {
            stream.start();
        } else {
            scheduler.schedule(wait, stream::start);
        }
        return stream;
    }

    private String nextKey() {
        return name + "/" + ordinal(sequence.incrementAndGet());
    }

    /** A count as ten digits, zero-padded, so the scheduler's keys sort as numbers: {@code %010d} without a Formatter per request. */
    static String ordinal(long n) {
        String digits = Long.toString(n);
        return digits.length() >= 10 ? digits : "0000000000".substring(digits.length()) + digits;
    }

    private String url(HttpRequest request) {
        return url(identity, request);
    }

    static String url(ClientIdentity identity, HttpRequest request) {
        String base = identity.server().toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + request.path();
    }

    private FullHttpRequest toNetty(HttpRequest request) {
        return toNetty(identity, options.userAgent(), request);
    }

    /** The request as Go's transport writes it for {@code identity}: Host, User-Agent, Accept, token, gzip. */
    static FullHttpRequest toNetty(ClientIdentity identity, String userAgent, HttpRequest request) {
        FullHttpRequest out = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(request.method()),
                request.path(), Unpooled.wrappedBuffer(request.body()));
        var h = out.headers();
        h.set(HttpHeaderNames.HOST, identity.server().getRawAuthority());
        h.set(HttpHeaderNames.USER_AGENT, userAgent);
        h.set(HttpHeaderNames.ACCEPT, "application/json, */*");
        if (!identity.bearerToken().isEmpty()) {
            h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + identity.bearerToken());
        }
        for (Map.Entry<String, String> e : request.headers()) {
            if (e.getKey().equalsIgnoreCase("Accept")) {
                h.set(HttpHeaderNames.ACCEPT, e.getValue()); // a request's own Accept replaces the default
            } else {
                h.add(e.getKey(), e.getValue());
            }
        }
        if (!request.contentType().isEmpty()) {
            h.set(HttpHeaderNames.CONTENT_TYPE, request.contentType());
        }
        h.set(HttpHeaderNames.CONTENT_LENGTH, request.body().length);
        h.set(HttpHeaderNames.ACCEPT_ENCODING, "gzip"); // Go's transport asks for it and unzips transparently
        return out;
    }

    private void trace(HttpRequest request, int code, ClientError error, Duration throttled) {
        List<Object> fields = new ArrayList<>(List.of("method", request.method(), "path", request.path(),
                "code", code));
        identity.traceFields().forEach((k, v) -> {
            fields.add(k);
            fields.add(v);
        });
        if (error != null) {
            fields.add("error");
            fields.add(error.message());
        }
        if (!throttled.isZero()) {
            fields.add("throttledMillis");
            fields.add(throttled.toMillis());
        }
        tracer.emit("http.request", fields.toArray());
    }

    static Map<String, List<String>> headers(HttpResponse response) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : response.headers()) {
            out.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>(1)).add(e.getValue());
        }
        return out;
    }

    /** The error client-go makes of a non-2xx answer: the body's Status if it is one. */
    static ApiError apiError(int code, String method, byte[] body) {
        try {
            JsonNode node = Json.mapper().readTree(body);
            if (node instanceof ObjectNode object && "Status".equals(object.path("kind").asText())) {
                Status status = Json.mapper().convertValue(object, Status.class);
                return new ApiError(status.code() == 0 ? withCode(status, code) : status);
            }
        } catch (IOException | IllegalArgumentException e) {
            // not JSON: fall through to the generic error, as client-go does
        }
        return ApiError.generic(code, method, new String(body, java.nio.charset.StandardCharsets.UTF_8));
    }

    private static Status withCode(Status s, int code) {
        return new Status(s.kind(), s.apiVersion(), s.metadata(), s.status(), s.message(), s.reason(), s.details(), code);
    }

    static byte[] bytes(ByteBuf content) {
        byte[] b = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), b);
        return b;
    }

    /** One request from the first byte written to the callback on the scheduler. */
    private final class Call implements HttpConnection.Exchange {
        private final HttpRequest request;
        private final Consumer<Result> callback;
        private final Duration throttled;
        private final AtomicBoolean finished = new AtomicBoolean();
        private Scheduler.Completion completion;
        private Scheduler.Timer timer;
        private volatile HttpConnection connection;
        // event-loop thread only
        private HttpResponse head;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        Call(HttpRequest request, Consumer<Result> callback, Duration throttled) {
            this.request = request;
            this.callback = callback;
            this.throttled = throttled;
        }

        void start() {
            completion = scheduler.expectCompletion(nextKey());
            if (!options.timeout().isZero() && !options.timeout().isNegative()) {
                // In simulated mode this cannot fire while the response is awaited: virtual time
                // stands still until it arrives, and the scheduler's watchdog bounds real waiting.
                timer = scheduler.schedule(options.timeout(), this::timedOut);
            }
            pool.send(() -> toNetty(request), this, conn -> {
                connection = conn;
                return true;
            });
        }

        @Override
        public void head(HttpResponse response) {
            head = response;
        }

        @Override
        public void content(ByteBuf content) {
            body.writeBytes(bytes(content));
        }

        @Override
        public void end(boolean keepAlive) {
            if (keepAlive) {
                pool.release(connection);
            } else {
                connection.close();
            }
            int code = head.status().code();
            byte[] bytes = body.toByteArray();
            ClientError error = code >= 200 && code < 300 ? null : apiError(code, request.method(), bytes);
            finish(new Result(request, url(request), code, headers(head), bytes, error, throttled, options.texts()));
        }

        @Override
        public void failed(Throwable cause) {
            TransportError error = TransportError.from(cause, identity.host(), identity.port(), options.texts());
            finish(new Result(request, url(request), 0, Map.of(), new byte[0], error, throttled, options.texts()));
        }

        private void timedOut() {
            // Settle the result first: closing the connection reports a connection failure of its own.
            finish(new Result(request, url(request), 0, Map.of(), new byte[0],
                    new TransportError(TransportError.Kind.TIMEOUT, options.texts().requestTimeout()), throttled,
                    options.texts()));
            HttpConnection conn = connection;
            if (conn != null) {
                conn.close();
            }
        }

        private void finish(Result result) {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            completion.complete(() -> {
                if (timer != null) {
                    timer.cancel();
                }
                trace(request, result.statusCode(), result.error(), throttled);
                callback.accept(result);
            });
        }
    }

    /** One watch: its opening is an announced completion, each event another one, keyed in stream order. */
    private final class WatchStream implements HttpConnection.Exchange, Watch {
        private final HttpRequest request;
        private final WatchHandler handler;
        private final JsonFramer framer = new JsonFramer();
        private final AtomicBoolean opened = new AtomicBoolean();
        private volatile boolean stopped;
        private volatile HttpConnection connection;
        private Scheduler.Completion opening;
        private String key;
        private long events; // event-loop thread only
        private HttpResponse head;
        private final ByteArrayOutputStream errorBody = new ByteArrayOutputStream();

        WatchStream(HttpRequest request, WatchHandler handler) {
            this.request = request;
            this.handler = handler;
        }

        void start() {
            if (stopped) {
                return;
            }
            key = nextKey();
            opening = scheduler.expectCompletion(key);
            pool.send(() -> toNetty(request), this, conn -> {
                if (stopped) {
                    pool.release(conn);
                    resolveOpening(null);
                    return false;
                }
                connection = conn;
                return true;
            });
        }

        @Override
        public void stop() {
            stopped = true;
            HttpConnection conn = connection;
            if (conn != null) {
                conn.close();
            }
        }

        @Override
        public void head(HttpResponse response) {
            head = response;
            if (response.status().code() == 200) {
                resolveOpening(() -> trace(request, 200, null, Duration.ZERO));
            }
        }

        @Override
        public void content(ByteBuf content) {
            if (head.status().code() != 200) {
                errorBody.writeBytes(bytes(content));
                return;
            }
            for (byte[] frame : framer.feed(content)) {
                WatchEvent event;
                try {
                    ObjectNode node = (ObjectNode) Json.mapper().readTree(frame);
                    event = new WatchEvent(node.path("type").asText(), (ObjectNode) node.path("object"));
                } catch (IOException | ClassCastException e) {
                    deliverEnd(new TransportError(TransportError.Kind.CONNECTION,
                            "unable to decode an event from the watch stream: " + e.getMessage()));
                    connection.close();
                    return;
                }
                String eventKey = key + "/" + ordinal(++events);
                scheduler.expectCompletion(eventKey).complete(() -> {
                    if (!stopped) {
                        handler.onEvent(event);
                    }
                });
                network.watchEventQueued(connection.localAddress());
            }
        }

        @Override
        public void end(boolean keepAlive) {
            int code = head.status().code();
            if (keepAlive && !stopped) {
                pool.release(connection);
            } else {
                connection.close();
            }
            if (code != 200) {
                ApiError error = apiError(code, request.method(), errorBody.toByteArray());
                resolveOpening(() -> {
                    trace(request, code, error, Duration.ZERO);
                    if (!stopped) {
                        handler.closed(error);
                    }
                });
            } else {
                deliverEnd(null);
            }
        }

        @Override
        public void failed(Throwable cause) {
            if (stopped) {
                resolveOpening(null);
                return;
            }
            TransportError error = TransportError.from(cause, identity.host(), identity.port(), options.texts());
            if (!opened.get()) {
                resolveOpening(() -> {
                    trace(request, 0, error, Duration.ZERO);
                    if (!stopped) {
                        handler.closed(error);
                    }
                });
            } else {
                deliverEnd(error);
            }
        }

        /** The end of an open stream reaches the handler after the events before it. */
        private void deliverEnd(ClientError error) {
            if (stopped) {
                return;
            }
            String endKey = key + "/" + ordinal(++events);
            scheduler.expectCompletion(endKey).complete(() -> {
                if (!stopped) {
                    handler.closed(error);
                }
            });
        }

        /** Resolves the announced opening exactly once: with a continuation, or withdrawn when null. */
        private void resolveOpening(Runnable continuation) {
            if (!opened.compareAndSet(false, true)) {
                return;
            }
            if (continuation == null) {
                opening.abandon();
            } else {
                opening.complete(continuation);
            }
        }
    }
}
