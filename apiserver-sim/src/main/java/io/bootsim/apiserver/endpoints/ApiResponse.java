package io.bootsim.apiserver.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import io.bootsim.core.api.Json;
import io.bootsim.core.api.Status;
import io.bootsim.core.version.KubeVersion;
import io.javalin.http.Context;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * How kube-apiserver answers: JSON with a trailing newline, never cacheable (the machine's kubectl
 * dispatcher caches /version otherwise), Status bodies for errors
 * (k8s.io/apiserver pkg/endpoints/handlers/responsewriters/writers.go). A serialized object larger
 * than 128 KiB is gzipped (level 1) for a client that accepts gzip, with the APIResponseCompression
 * gate on (beta and on from 1.16); everything else goes out as it is.
 */
public final class ApiResponse {

    public static final String JSON = "application/json";

    /** writers.go defaultGzipThresholdBytes: a body must be longer than this to be gzipped. */
    static final int GZIP_THRESHOLD_BYTES = 128 * 1024;

    private static final String COMPRESSION = ApiResponse.class.getName() + ".compression";

    private ApiResponse() {
    }

    /** Sets whether this request's serialized answers may be gzipped: the APIResponseCompression gate of {@code version}. */
    public static void compression(Context ctx, KubeVersion version) {
        ctx.attribute(COMPRESSION, version.atLeast(1, 16));
    }

    public static void json(Context ctx, int code, JsonNode body) {
        serialized(ctx, code, JSON, (Json.write(body) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public static void status(Context ctx, Status status) {
        ctx.header("X-Content-Type-Options", "nosniff");
        serialized(ctx, status.code(), JSON, status.toJson().getBytes(StandardCharsets.UTF_8));
    }

    public static void text(Context ctx, int code, String contentType, String body) {
        bytes(ctx, code, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** An encoded API object (responsewriters.SerializeObject): gzipped when large and the client accepts it. */
    public static void serialized(Context ctx, int code, String contentType, byte[] body) {
        if (body.length > GZIP_THRESHOLD_BYTES && Boolean.TRUE.equals(ctx.attribute(COMPRESSION))
                && acceptsGzip(ctx.header("Accept-Encoding"))) {
            ctx.header("Content-Encoding", "gzip");
            ctx.res().addHeader("Vary", "Accept-Encoding");
            bytes(ctx, code, contentType, gzip(body));
            return;
        }
        bytes(ctx, code, contentType, body);
    }

    /**
     * Writes the body straight to the servlet's stream: no 32 KiB copy buffer per response, and
     * none of Javalin's own compression, which would gzip far smaller bodies than kube-apiserver does.
     */
    public static void bytes(Context ctx, int code, String contentType, byte[] body) {
        ctx.status(code);
        ctx.header("Cache-Control", "no-cache, private");
        ctx.contentType(contentType);
        try {
            ctx.res().getOutputStream().write(body);
        } catch (IOException e) {
            // the client went away: nobody is left to answer, as Go's server ignores a failed write
        }
    }

    /** writers.go negotiateContentEncoding: "gzip" as one of the comma-separated tokens, parameters not read. */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String token : acceptEncoding.split(",", -1)) {
            if (token.strip().equals("gzip")) {
                return true;
            }
        }
        return false;
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4);
        try (OutputStream gz = new GZIPOutputStream(out) {
            {
                def.setLevel(Deflater.BEST_SPEED); // defaultGzipContentEncodingLevel = 1
            }
        }) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip into memory cannot fail", e);
        }
        return out.toByteArray();
    }
}
