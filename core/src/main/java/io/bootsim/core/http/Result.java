package io.bootsim.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What came of one request, like client-go's rest.Result: the HTTP answer if there was one, and
 * the error client-go would return for it.
 *
 * @param statusCode   the HTTP code, 0 when there was no answer
 * @param headers      response headers, names in lower case, in arrival order
 * @param error        null on 2xx; an {@link ApiError} for an error answer; a {@link TransportError} for none
 * @param throttled    how long the client-side rate limiter held the request
 */
public record Result(HttpRequest request, String url, int statusCode, Map<String, List<String>> headers, byte[] body,
                     ClientError error, Duration throttled, GoErrorTexts texts) {

    public boolean isSuccess() {
        return error == null;
    }

    public Optional<ClientError> failure() {
        return Optional.ofNullable(error);
    }

    /** The Status of an error answer, if the apiserver sent one (or client-go would have made one). */
    public Optional<ApiError> apiError() {
        return error instanceof ApiError a ? Optional.of(a) : Optional.empty();
    }

    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as a JSON object; fails loudly when it is not one. */
    public ObjectNode json() {
        try {
            JsonNode node = Json.mapper().readTree(body);
            if (node instanceof ObjectNode object) {
                return object;
            }
            throw new IllegalStateException("response to " + request.method() + " " + request.path()
                    + " is not a JSON object: " + bodyText());
        } catch (IOException e) {
            throw new UncheckedIOException("response to " + request.method() + " " + request.path()
                    + " is not JSON", e);
        }
    }

    /**
     * What client-go's err.Error() prints for this request: the Status message for an API error,
     * Go's url.Error for a transport failure ({@code Get "https://...": x509: ...}); empty on success.
     */
    public String goError() {
        if (error == null) {
            return "";
        }
        if (error instanceof TransportError t) {
            return texts.urlError(request.method(), url, t.message());
        }
        return error.message();
    }
}
